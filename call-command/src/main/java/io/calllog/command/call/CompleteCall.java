package io.calllog.command.call;

import io.calllog.events.CallStatus;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The call ended.
 *
 * @param recordingUrl may be {@code null}
 * @param endedAt      when it ended; {@code null} means "when the service received it", and a repeat without it
 *                     matches whatever end time was recorded
 */
public record CompleteCall(CallStatus status, long durationSeconds, BigDecimal cost, String recordingUrl,
                           Instant endedAt) implements CallCommand {
}
