package io.calllog.query.projection;

import java.time.Instant;

/**
 * The progress of a projection's replay, the resource that {@code POST /api/admin/projections/{name}/replay} points
 * to. Events are counted by global index: {@code eventsTotal} is the head of the event store when the replay started,
 * {@code eventsDone} the position of the slowest segment.
 *
 * @param state            {@code resetting} (waiting for every instance to let go of the projection, then clearing
 *                         it), {@code replaying}, {@code done} or {@code failed}
 * @param eventsPerSecond  since the replay started; null before there is a figure
 * @param secondsLeft      at that rate; null when unknown
 */
public record ReplayStatus(String projection, String state, String requestedBy, Instant requestedAt,
                           Instant finishedAt, long eventsDone, long eventsTotal, Double eventsPerSecond,
                           Long secondsLeft, String failure) {
}
