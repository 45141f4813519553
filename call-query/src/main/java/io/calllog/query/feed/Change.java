package io.calllog.query.feed;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * One change of the feed: one stored event of a call.
 *
 * @param sequence   the call's event number (0 for its start), in the order the call's events were stored
 * @param recordedAt when the event was stored
 * @param data       the event's fields, spelled as the ingestion contract spells them
 */
@Schema(name = "Change", requiredProperties = {"callUuid", "campaignUuid", "type", "sequence", "recordedAt", "data"})
public record Change(String callUuid,
              String campaignUuid,
              @Schema(allowableValues = {"started", "transcript", "completed", "summarized",
                            "erased"}) String type,
              long sequence,
              Instant recordedAt,
              @Schema(description = "The event's fields as the ingestion contract spells them")
              Map<String, Object> data) {
}
