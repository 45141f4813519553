package io.calllog.query.webhook;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The ledger of deliveries ({@link WebhookDelivery}), the queues of calls held up behind a retry ({@link CallQueue})
 * and the messages administrators asked to send again ({@link Requeue}).
 */
@Component
class DeliveryLedger {

    private final MongoTemplate mongo;

    DeliveryLedger(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The indexes the ledger's reads need on a real MongoDB (the embedded server scans, as it does for all). */
    void ensureIndexes() {
        mongo.indexOps(WebhookDelivery.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .on("eventIndex", Sort.Direction.DESC).named("endpoint_event"));
        mongo.indexOps(WebhookDelivery.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .on("status", Sort.Direction.ASC).on("eventIndex", Sort.Direction.DESC).named("endpoint_status_event"));
        mongo.indexOps(WebhookDelivery.class).ensureIndex(new Index().on("updatedAt", Sort.Direction.ASC)
                .named("updated"));
        mongo.indexOps(CallQueue.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .named("endpoint"));
        mongo.indexOps(Requeue.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC).named("endpoint"));
    }

    /** Forgets the deliveries done (delivered or given up) that were last touched before {@code before}. */
    long purgeDone(Instant before) {
        return mongo.remove(Query.query(where("updatedAt").lt(before).and("status").in(
                DeliveryStatus.DELIVERED.toString(), DeliveryStatus.FAILED.toString())), WebhookDelivery.class)
                .getDeletedCount();
    }

    /** What one round of an endpoint did to one message: its new status, and the attempt made, if one was. */
    record Entry(String endpointId, Message message, DeliveryStatus status, DeliveryAttempt attempt,
                 Instant nextAttemptAt) {
    }

    /** Records a round's entries at once: each message's document made if new, its status set, its attempt added. */
    void record(Collection<Entry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, WebhookDelivery.COLLECTION);
        for (Entry entry : entries) {
            Message message = entry.message();
            Update update = new Update()
                    .setOnInsert("endpointId", entry.endpointId())
                    .setOnInsert("callUuid", message.callUuid())
                    .setOnInsert("campaignUuid", message.campaignUuid())
                    .setOnInsert("type", message.type())
                    .setOnInsert("sequence", message.sequence())
                    .setOnInsert("eventIndex", message.eventIndex())
                    .setOnInsert("recordedAt", message.recordedAt())
                    .setOnInsert("createdAt", now)
                    .set("status", entry.status().toString())
                    .set("nextAttemptAt", entry.nextAttemptAt())
                    .set("updatedAt", now);
            if (entry.attempt() != null) {
                DeliveryAttempt attempt = entry.attempt();
                update.push("attempts", new Document("at", Date.from(attempt.at()))
                        .append("statusCode", attempt.statusCode()).append("latencyMs", attempt.latencyMs())
                        .append("error", attempt.error()));
            }
            bulk.upsert(Query.query(where("_id").is(message.id())), update);
        }
        bulk.execute();
    }

    Optional<WebhookDelivery> of(String endpointId, String id) {
        return Optional.ofNullable(mongo.findOne(Query.query(where("_id").is(id).and("endpointId").is(endpointId)),
                WebhookDelivery.class));
    }

    /** An endpoint's deliveries, newest event first, from below {@code beforeIndex} (null: the newest). */
    List<WebhookDelivery> page(String endpointId, DeliveryStatus status, Long beforeIndex, int limit) {
        Criteria criteria = where("endpointId").is(endpointId);
        if (status != null) {
            criteria = criteria.and("status").is(status.toString());
        }
        if (beforeIndex != null) {
            criteria = criteria.and("eventIndex").lt(beforeIndex);
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "eventIndex")).limit(limit),
                WebhookDelivery.class);
    }

    /** Marks a delivery to be sent again (it keeps its attempts). */
    void markPending(Collection<String> ids, Instant now) {
        mongo.updateMulti(Query.query(where("_id").in(ids)), new Update().set("status",
                DeliveryStatus.PENDING.toString()).set("nextAttemptAt", now).set("updatedAt", now), WebhookDelivery.class);
    }

    List<CallQueue> queuesOf(String endpointId) {
        return mongo.find(Query.query(where("endpointId").is(endpointId)), CallQueue.class);
    }

    /** Writes the queues given as they are now, and removes those of the calls given. */
    void saveQueues(Collection<CallQueue> changed, Collection<String> removed) {
        if (changed.isEmpty() && removed.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, CallQueue.class);
        changed.forEach(queue -> bulk.replaceOne(Query.query(where("_id").is(queue.id())), queue,
                org.springframework.data.mongodb.core.FindAndReplaceOptions.options().upsert()));
        removed.forEach(id -> bulk.remove(Query.query(where("_id").is(id))));
        bulk.execute();
    }

    void requeue(Collection<Requeue> requeues) {
        if (requeues.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Requeue.class);
        requeues.forEach(requeue -> bulk.replaceOne(Query.query(where("_id").is(requeue.id())), requeue,
                org.springframework.data.mongodb.core.FindAndReplaceOptions.options().upsert()));
        bulk.execute();
    }

    List<Requeue> requeuesOf(String endpointId) {
        return mongo.find(Query.query(where("endpointId").is(endpointId)), Requeue.class);
    }

    void requeued(Collection<String> ids) {
        if (!ids.isEmpty()) {
            mongo.remove(Query.query(where("_id").in(ids)), Requeue.class);
        }
    }

    /** Everything of an endpoint that is deleted. */
    void forget(String endpointId) {
        Query of = Query.query(where("endpointId").is(endpointId));
        mongo.remove(of, Requeue.class);
        mongo.remove(of, CallQueue.class);
        mongo.remove(of, WebhookDelivery.class);
    }
}
