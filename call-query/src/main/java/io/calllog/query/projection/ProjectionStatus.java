package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One projection (processing group) as {@code GET /api/admin/projections} shows it.
 *
 * @param state    {@code running}, {@code replaying}, {@code stopped} (on this instance) or {@code failing}
 * @param position the global index the slowest segment has reached
 * @param head     the global index of the newest event in the event store
 * @param lag      events between the two
 * @param replay   the last replay of this projection, if any
 */
@Schema(name = "Projection", requiredProperties = {"name", "state", "position", "head", "lag", "segments", "replay"})
public record ProjectionStatus(String name,
                               @Schema(implementation = ProjectionState.class) String state,
                               long position, long head, long lag,
                               List<SegmentStatus> segments,
                               @Schema(nullable = true, description = "The last replay, null if none") ReplayStatus replay) {
}
