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
        ReplayLease lease = new ReplayLease(projection, ReplayLease.RESETTING, node, now, now, null, null, 0, null);
        try {
            mongo.insert(lease);
            return Optional.of(lease);
        } catch (DuplicateKeyException aLeaseExists) {
            // a finished lease is replaced; an active one refuses (the _id lookup, then a conditional replace)
            long replaced = mongo.replace(Query.query(where("_id").is(projection)
                            .and("state").in(ReplayLease.DONE, ReplayLease.FAILED)), lease)
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

    void replaying(String projection, long headIndex, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(projection)), new Update().set("state", ReplayLease.REPLAYING)
                .set("headIndex", headIndex).set("startedAt", now).set("heartbeatAt", now), ReplayLease.class);
    }

    /** Moves an active lease to its end, if it is still in the state given (another instance may have moved it). */
    boolean finish(String projection, String fromState, String toState, String failure, Instant now) {
        return mongo.updateFirst(Query.query(where("_id").is(projection).and("state").is(fromState)),
                new Update().set("state", toState).set("finishedAt", now).set("failure", failure),
                ReplayLease.class).getModifiedCount() == 1;
    }
}
