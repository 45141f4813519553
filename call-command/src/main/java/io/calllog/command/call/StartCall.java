package io.calllog.command.call;

import io.calllog.events.Direction;

import java.time.Instant;

/**
 * The call began.
 *
 * @param startedAt when it began; {@code null} means "when the service received it", and a repeat without it matches
 *                  whatever start time was recorded
 */
public record StartCall(String campaignUuid, String recordUuid, Direction direction, Instant startedAt)
        implements CallCommand {
}
