package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;

import java.util.List;
import java.util.OptionalLong;

/**
 * One segment of a projection.
 *
 * @param owner     the node holding the segment's claim, null when none does
 * @param position  the global index of the last event the segment has handled (null before its first)
 * @param replaying whether the segment is still behind the point where its replay began. (Axon keeps a replay token
 *                  until an event beyond that point arrives, and starts a new projection with one too, so that a
 *                  projection deployed today treats the past as a replay.)
 */
@Schema(name = "Segment", requiredProperties = {"segment", "owner", "position", "replaying"})
public record SegmentStatus(int segment, @Schema(nullable = true) String owner, @Schema(nullable = true) Long position,
                            boolean replaying) {

    /** A segment as its stored token shows it. */
    static SegmentStatus of(int segment, String owner, TrackingToken token) {
        OptionalLong position = token == null ? OptionalLong.empty() : token.position();
        return of(segment, owner, position, ReplayToken.getTokenAtReset(token));
    }

    /** A segment at a position, replaying while it is below the position its replay began at (if any). */
    static SegmentStatus of(int segment, String owner, OptionalLong position, OptionalLong resetPosition) {
        boolean replaying = resetPosition.isPresent()
                && (position.isEmpty() || position.getAsLong() < resetPosition.getAsLong());
        return new SegmentStatus(segment, owner, position.isPresent() ? position.getAsLong() : null, replaying);
    }

    /** The position of the slowest segment (0 for one that has handled nothing yet): how far a projection is. */
    static long slowest(List<SegmentStatus> segments) {
        return segments.stream().mapToLong(s -> s.position() == null ? 0 : s.position()).min().orElse(0);
    }
}
