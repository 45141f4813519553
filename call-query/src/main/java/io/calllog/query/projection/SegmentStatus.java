package io.calllog.query.projection;

/**
 * One segment of a projection, as the token store records it.
 *
 * @param owner     the node holding the segment's claim, null when none does
 * @param position  the global index of the last event the segment has handled (null before its first)
 * @param replaying whether the segment is still replaying history (its token is a replay token)
 */
public record SegmentStatus(int segment, String owner, Long position, boolean replaying) {
}
