package io.calllog.query.projection;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * One segment of a projection.
 *
 * @param owner     the node holding the segment's claim, null when none does
 * @param position  the global index of the last event the segment has handled (null before its first)
 * @param replaying whether the segment is still behind the point where its replay began. (Axon keeps a replay token
 *                  until an event beyond that point arrives, and starts a new projection with one too, so that a
 *                  projection deployed today treats the past as a replay.)
 */
public record SegmentStatus(int segment, String owner, Long position, boolean replaying) {

    static SegmentStatus of(int segment, String owner, TrackingToken token) {
        Long position = token == null || token.position().isEmpty() ? null : token.position().getAsLong();
        boolean replaying = WrappedToken.unwrap(token, ReplayToken.class)
                .map(replay -> replay.getTokenAtReset() != null
                        && replay.getTokenAtReset().position().isPresent()
                        && (position == null || position < replay.getTokenAtReset().position().getAsLong()))
                .orElse(false);
        return new SegmentStatus(segment, owner, position, replaying);
    }
}
