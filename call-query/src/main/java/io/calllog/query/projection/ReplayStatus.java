package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
                           @Schema(implementation = ReplayState.class) String state,
                           @Schema(description = "The instance that took the request") String requestedBy,
                           Instant requestedAt,
                           @Schema(nullable = true) Instant finishedAt,
                           long eventsDone, long eventsTotal,
                           @Schema(nullable = true) Double eventsPerSecond,
                           @Schema(nullable = true) Long secondsLeft,
                           @Schema(nullable = true, description = "Why the replay failed") String failure) {

    /**
     * A replay's progress, from its lease and the projection's segments now: events are counted by global index, the
     * total is the head when the tokens were reset and the slowest segment's position is what is done; the rate is
     * since the replay started (to its end, once finished), and the time left is at that rate.
     */
    static ReplayStatus of(ReplayLease lease, List<SegmentStatus> segments, Instant now) {
        long total = lease.headIndex();
        long done = switch (lease.replayState()) {
            case DONE -> total;
            case REPLAYING -> Math.min(total, SegmentStatus.slowest(segments));
            case RESETTING, FAILED -> 0;
        };
        Double rate = null;
        Long secondsLeft = null;
        if (lease.startedAt() != null) {
            Instant end = lease.finishedAt() != null ? lease.finishedAt() : now;
            double seconds = Duration.between(lease.startedAt(), end).toMillis() / 1000.0;
            if (seconds > 0 && done > 0) {
                rate = done / seconds;
                secondsLeft = Math.round((total - done) / rate);
            }
        }
        return new ReplayStatus(lease.projection(), lease.state(), lease.requestedBy(), lease.requestedAt(),
                lease.finishedAt(), done, total, rate, secondsLeft, lease.failure());
    }
}
