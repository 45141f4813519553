package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(name = "Replay", requiredProperties = {"projection", "state", "requestedBy", "requestedAt", "finishedAt",
        "eventsDone", "eventsTotal", "eventsPerSecond", "secondsLeft", "failure"})
public record ReplayStatus(String projection,
                           @Schema(allowableValues = {"resetting", "replaying", "done", "failed"}) String state,
                           @Schema(description = "The instance that took the request") String requestedBy,
                           Instant requestedAt,
                           @Schema(nullable = true) Instant finishedAt,
                           long eventsDone, long eventsTotal,
                           @Schema(nullable = true) Double eventsPerSecond,
                           @Schema(nullable = true) Long secondsLeft,
                           @Schema(nullable = true, description = "Why the replay failed") String failure) {
}
