package io.calllog.command.call;

import io.calllog.events.CallStatus;
import io.calllog.events.EndReason;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The call ended.
 *
 * @param recordingUrl may be {@code null}
 * @param endedAt      when it ended; {@code null} means "when the service received it", and a repeat without it
 *                     matches whatever end time was recorded
 * @param endReason    may be {@code null}: then the reason the status implies, and a repeat without it matches
 *                     whatever reason was recorded
 */
public record CompleteCall(CallStatus status, long durationSeconds, BigDecimal cost, String recordingUrl,
                           Instant endedAt, EndReason endReason) implements CallCommand {
}
