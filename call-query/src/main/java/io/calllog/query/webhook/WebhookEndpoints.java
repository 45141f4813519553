package io.calllog.query.webhook;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The endpoints ({@link WebhookEndpoint}) as stored: read, written, and held by one instance at a time. */
@Component
class WebhookEndpoints {

    private final MongoTemplate mongo;

    WebhookEndpoints(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    List<WebhookEndpoint> all() {
        return mongo.find(new Query().with(Sort.by("createdAt", "_id")), WebhookEndpoint.class);
    }

    Optional<WebhookEndpoint> of(String id) {
        return Optional.ofNullable(mongo.findById(id, WebhookEndpoint.class));
    }

    void insert(WebhookEndpoint endpoint) {
        mongo.insert(endpoint);
    }

    /** Sets the fields given, if the endpoint exists; answers it as it is then. */
    Optional<WebhookEndpoint> update(String id, Update update) {
        return Optional.ofNullable(mongo.findAndModify(Query.query(where("_id").is(id)), update,
                FindAndModifyOptions.options().returnNew(true), WebhookEndpoint.class));
    }

    boolean delete(String id) {
        return mongo.remove(Query.query(where("_id").is(id)), WebhookEndpoint.class).getDeletedCount() == 1;
    }

    /**
     * Holds an enabled endpoint for {@code node} until {@code until}, if no other instance holds it (its lease
     * passed, or it let go); answers it as it is then, or empty when another holds it.
     */
    Optional<WebhookEndpoint> hold(String id, String node, Instant now, Instant until) {
        Query free = Query.query(where("_id").is(id).and("enabled").is(true).orOperator(
                where("owner").is(node), where("owner").is(null), where("leaseUntil").lt(now)));
        return Optional.ofNullable(mongo.findAndModify(free, new Update().set("owner", node).set("leaseUntil", until),
                FindAndModifyOptions.options().returnNew(true), WebhookEndpoint.class));
    }

    /** Lets go of an endpoint that {@code node} holds, so that another instance may take it at once. */
    void release(String id, String node) {
        mongo.updateFirst(Query.query(where("_id").is(id).and("owner").is(node)),
                new Update().set("owner", null).set("leaseUntil", null), WebhookEndpoint.class);
    }

    /**
     * Moves an endpoint's position on, with whether it is failing, if {@code node} still holds it: false when it
     * does not (then it must stop delivering).
     */
    boolean advance(String id, String node, String cursor, Instant failingSince, String lastError) {
        Criteria held = where("_id").is(id).and("owner").is(node);
        return mongo.updateFirst(Query.query(held), new Update().set("cursor", cursor)
                        .set("failingSince", failingSince).set("lastError", lastError), WebhookEndpoint.class)
                .getMatchedCount() == 1;
    }
}
