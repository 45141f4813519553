package io.calllog.query.projection;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * The replay of one projection, in the {@code projection_replays} collection of the read model: at most one active
 * (resetting or replaying) per projection, which is what makes a second replay request a 409 whichever instance it
 * reaches. Every instance watches these leases: while one is {@code resetting}, instances other than the requester
 * stop their processor for that projection (letting go of its segments' claims), and start it again once it is
 * {@code replaying}; the requester renews {@code heartbeatAt} until then, and a lease whose heartbeat stops is failed.
 *
 * @param headIndex the global index of the newest event when the tokens were reset: the replay's total
 */
@Document(ReplayLease.COLLECTION)
public record ReplayLease(@Id String projection, String state, String requestedBy, Instant requestedAt,
                          Instant heartbeatAt, Instant startedAt, Instant finishedAt, long headIndex, String failure) {

    public static final String COLLECTION = "projection_replays";

    /** The state, as stored in its wire spelling. */
    ReplayState replayState() {
        return ReplayState.of(state);
    }

    boolean active() {
        return replayState().active();
    }
}
