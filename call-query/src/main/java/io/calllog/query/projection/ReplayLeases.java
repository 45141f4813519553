package io.calllog.query.projection;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The replay leases ({@link ReplayLease}): taken, moved from state to state, and read. */
@Component
class ReplayLeases {

    private final MongoTemplate mongo;

    ReplayLeases(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Takes the lease of a projection for a new replay, unless one is active: then empty. */
    Optional<ReplayLease> take(String projection, String node, Instant now) {
        ReplayLease lease = new ReplayLease(projection, ReplayState.RESETTING.toString(), node, now, now, null, null, 0,
                null);
        try {
            mongo.insert(lease);
            return Optional.of(lease);
        } catch (DuplicateKeyException aLeaseExists) {
            // a finished lease is replaced; an active one refuses (the _id lookup, then a conditional replace)
            long replaced = mongo.replace(Query.query(where("_id").is(projection)
                            .and("state").in(ReplayState.DONE.toString(), ReplayState.FAILED.toString())), lease)
                    .getModifiedCount();
            return replaced == 1 ? Optional.of(lease) : Optional.empty();
        }
    }

    Optional<ReplayLease> of(String projection) {
        return Optional.ofNullable(mongo.findById(projection, ReplayLease.class));
    }

    List<ReplayLease> all() {
        return mongo.findAll(ReplayLease.class);
    }

    void heartbeat(String projection, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(projection)), Update.update("heartbeatAt", now),
                ReplayLease.class);
    }

    /** Resetting → replaying: the tokens are reset, {@code headIndex} is the replay's total. */
    void replaying(String projection, long headIndex, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(projection).and("state").is(ReplayState.RESETTING.toString())),
                new Update().set("state", ReplayState.REPLAYING.toString()).set("headIndex", headIndex)
                        .set("startedAt", now).set("heartbeatAt", now), ReplayLease.class);
    }

    /**
     * Moves an active lease to its end ({@code done} or {@code failed}), if it is still in the state given (another
     * instance may have moved it).
     */
    boolean finish(String projection, ReplayState from, ReplayState to, String failure, Instant now) {
        if (!from.active() || !from.next().contains(to)) {
            throw new IllegalArgumentException("a replay does not go from " + from + " to " + to);
        }
        return mongo.updateFirst(Query.query(where("_id").is(projection).and("state").is(from.toString())),
                new Update().set("state", to.toString()).set("finishedAt", now).set("failure", failure),
                ReplayLease.class).getModifiedCount() == 1;
    }
}
