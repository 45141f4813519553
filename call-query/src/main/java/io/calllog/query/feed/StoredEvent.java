package io.calllog.query.feed;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event of a call, as its history shows it: upcast to the event's current revision.
 *
 * @param sequence   the call's event number, from 0
 * @param revision   the revision of the event's shape it is shown in (the current one)
 * @param recordedAt when it was stored
 * @param data       its fields, spelled as the ingestion contract spells them
 */
@Schema(name = "StoredEvent", requiredProperties = {"sequence", "type", "revision", "recordedAt", "data"})
public record StoredEvent(long sequence,
                   @Schema(allowableValues = {"started", "transcript", "completed", "summarized",
                            "erased"}) String type,
                   String revision,
                   Instant recordedAt,
                   @Schema(description = "The event's fields as the ingestion contract spells them")
                   Map<String, Object> data) {
}
