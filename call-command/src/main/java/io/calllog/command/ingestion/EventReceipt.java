package io.calllog.command.ingestion;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to a stored event: {@code outcome} is {@code recorded} (201: appended now) or {@code duplicate} (200: it
 * was already in the event store with the same values; nothing appended).
 */
@Schema(requiredProperties = {"callUuid", "type", "outcome"})
public record EventReceipt(String callUuid,
                           @Schema(allowableValues = {"started", "transcript", "completed", "summarized"}) String type,
                           @Schema(allowableValues = {"recorded", "duplicate"}) String outcome) {
}
