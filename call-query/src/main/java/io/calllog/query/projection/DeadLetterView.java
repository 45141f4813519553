package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * One dead-lettered event as the admin API shows it: which event (type, call, its position in the call's stream and
 * the event's id), why (the cause's type and message), since when, and how many times it was tried.
 */
@Schema(name = "DeadLetter", requiredProperties = {"eventId", "eventType", "callUuid", "sequenceNumber", "causeType",
        "causeMessage", "enqueuedAt", "lastTouched", "attempts"})
public record DeadLetterView(String eventId, String eventType, String callUuid, @Schema(nullable = true) Long sequenceNumber,
                      @Schema(nullable = true) String causeType, @Schema(nullable = true) String causeMessage,
                      Instant enqueuedAt, Instant lastTouched, long attempts) {
}
