package io.calllog.query.webhook;

import org.bson.Document;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * What one round of an endpoint did to one message: its new status, and the attempt made, if one was.
     *
     * @param first whether the message is met for the first time (read from the feed): most likely not yet in the
     *              ledger, so it is inserted, which is cheaper than an upsert (an upsert follows if it was there)
     */
    record Entry(String endpointId, Message message, DeliveryStatus status, DeliveryAttempt attempt,
                 Instant nextAttemptAt, boolean first) {
    }

    /** Records a round's entries at once: each message's document made if new, its status set, its attempt added. */
    void record(Collection<Entry> entries, Instant now) {
        List<Entry> inserts = entries.stream().filter(Entry::first).toList();
        List<Entry> upserts = new ArrayList<>(entries.stream().filter(entry -> !entry.first()).toList());
        if (!inserts.isEmpty()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, WebhookDelivery.COLLECTION);
            inserts.forEach(entry -> bulk.insert(document(entry, now)));
            try {
                bulk.execute();
            } catch (BulkOperationException e) { // already recorded (sent again after a crash): added to instead
                e.getErrors().forEach(error -> upserts.add(inserts.get(error.getIndex())));
            }
        }
        if (upserts.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, WebhookDelivery.COLLECTION);
        for (Entry entry : upserts) {
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
                update.push("attempts", attempt(entry.attempt()));
            }
            bulk.upsert(Query.query(where("_id").is(message.id())), update);
        }
        bulk.execute();
    }

    private static Document attempt(DeliveryAttempt attempt) {
        return new Document("at", Date.from(attempt.at())).append("statusCode", attempt.statusCode())
                .append("latencyMs", attempt.latencyMs()).append("error", attempt.error());
    }

    /** A message's whole ledger document, as the first round that meets it makes it. */
    private static Document document(Entry entry, Instant now) {
        Message message = entry.message();
        Date at = Date.from(now);
        return new Document("_id", message.id()).append("endpointId", entry.endpointId())
                .append("callUuid", message.callUuid()).append("campaignUuid", message.campaignUuid())
                .append("type", message.type()).append("sequence", message.sequence())
                .append("eventIndex", message.eventIndex()).append("recordedAt", Date.from(message.recordedAt()))
                .append("createdAt", at).append("status", entry.status().toString())
                .append("nextAttemptAt", entry.nextAttemptAt() == null ? null : Date.from(entry.nextAttemptAt()))
                .append("updatedAt", at)
                .append("attempts", entry.attempt() == null ? List.of() : List.of(attempt(entry.attempt())));
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
