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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
        mongo.indexOps(DeliveredRound.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .on("maxIndex", Sort.Direction.DESC).named("endpoint_max"));
        mongo.indexOps(DeliveredRound.class).ensureIndex(new Index().on("deliveries.messageId", Sort.Direction.ASC)
                .named("delivery"));
        mongo.indexOps(DeliveredRound.class).ensureIndex(new Index().on("at", Sort.Direction.ASC).named("at"));
        mongo.indexOps(CallQueue.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC)
                .named("endpoint"));
        mongo.indexOps(Requeue.class).ensureIndex(new Index().on("endpointId", Sort.Direction.ASC).named("endpoint"));
    }

    /** Forgets the deliveries done (delivered or given up) that were last touched before {@code before}. */
    long purgeDone(Instant before) {
        return mongo.remove(Query.query(where("updatedAt").lt(before).and("status").in(
                DeliveryStatus.DELIVERED.toString(), DeliveryStatus.FAILED.toString())), WebhookDelivery.class)
                .getDeletedCount()
                + mongo.remove(Query.query(where("at").lt(before)), DeliveredRound.class).getDeletedCount();
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

    /**
     * Records a round's entries at once: the messages delivered at their first attempt in one {@link DeliveredRound};
     * every other one in its own document, made if new, its status set, its attempt added.
     */
    void record(Collection<Entry> entries, Instant now) {
        List<DeliveredRound.Delivered> delivered = new ArrayList<>();
        String endpointId = null;
        for (Entry entry : entries) {
            if (entry.first() && entry.status() == DeliveryStatus.DELIVERED && entry.attempt() != null
                    && entry.attempt().statusCode() != null) {
                Message message = entry.message();
                DeliveryAttempt attempt = entry.attempt();
                endpointId = entry.endpointId();
                delivered.add(new DeliveredRound.Delivered(message.id(), message.callUuid(), message.campaignUuid(),
                        message.type(), message.sequence(), message.eventIndex(), message.recordedAt(), attempt.at(),
                        attempt.statusCode(), attempt.latencyMs()));
            }
        }
        if (!delivered.isEmpty()) { // written as a plain document: the mapping layer cost more than the write
            List<Document> deliveries = new ArrayList<>(delivered.size());
            for (DeliveredRound.Delivered d : delivered) {
                deliveries.add(new Document("messageId", d.messageId()).append("callUuid", d.callUuid())
                        .append("campaignUuid", d.campaignUuid()).append("type", d.type())
                        .append("sequence", d.sequence()).append("eventIndex", d.eventIndex())
                        .append("recordedAt", Date.from(d.recordedAt())).append("at", Date.from(d.at()))
                        .append("statusCode", d.statusCode()).append("latencyMs", d.latencyMs()));
            }
            mongo.insert(new Document("endpointId", endpointId)
                    .append("minIndex", delivered.stream().mapToLong(DeliveredRound.Delivered::eventIndex).min()
                            .orElseThrow())
                    .append("maxIndex", delivered.stream().mapToLong(DeliveredRound.Delivered::eventIndex).max()
                            .orElseThrow())
                    .append("at", Date.from(now)).append("deliveries", deliveries), DeliveredRound.COLLECTION);
        }
        List<Entry> single = entries.stream().filter(entry -> !(entry.first()
                && entry.status() == DeliveryStatus.DELIVERED && entry.attempt() != null
                && entry.attempt().statusCode() != null)).toList();
        List<Entry> inserts = single.stream().filter(Entry::first).toList();
        List<Entry> upserts = new ArrayList<>(single.stream().filter(entry -> !entry.first()).toList());
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
            Update update = onInsert(entry.endpointId(), message, now)
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

    /** An update that makes a message's document, when there is none yet, with what never changes of it. */
    private static Update onInsert(String endpointId, Message message, Instant createdAt) {
        return new Update()
                .setOnInsert("endpointId", endpointId)
                .setOnInsert("callUuid", message.callUuid())
                .setOnInsert("campaignUuid", message.campaignUuid())
                .setOnInsert("type", message.type())
                .setOnInsert("sequence", message.sequence())
                .setOnInsert("eventIndex", message.eventIndex())
                .setOnInsert("recordedAt", message.recordedAt())
                .setOnInsert("createdAt", createdAt);
    }

    static Document attempt(DeliveryAttempt attempt) {
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
        WebhookDelivery own = mongo.findOne(Query.query(where("_id").is(id).and("endpointId").is(endpointId)),
                WebhookDelivery.class);
        return own != null ? Optional.of(own) : deliveredInRounds(endpointId, List.of(id)).stream().findFirst();
    }

    /** The messages given, as the rounds that delivered them at their first attempt recorded them. */
    private List<WebhookDelivery> deliveredInRounds(String endpointId, Collection<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        Map<String, WebhookDelivery> found = new LinkedHashMap<>();
        for (DeliveredRound round : mongo.find(Query.query(where("endpointId").is(endpointId)
                .and("deliveries.messageId").in(wanted)), DeliveredRound.class)) {
            round.deliveries().stream().filter(d -> wanted.contains(d.messageId()))
                    .forEach(d -> found.putIfAbsent(d.messageId(), d.asDelivery(endpointId)));
        }
        return List.copyOf(found.values());
    }

    /**
     * An endpoint's deliveries, newest event first, from below {@code beforeIndex} (null: the newest): the messages
     * with a document of their own and those the rounds delivered at once, each message once (its own document
     * first: it is what became of it since).
     */
    List<WebhookDelivery> page(String endpointId, DeliveryStatus status, Long beforeIndex, int limit) {
        Criteria criteria = where("endpointId").is(endpointId);
        if (status != null) {
            criteria = criteria.and("status").is(status.toString());
        }
        if (beforeIndex != null) {
            criteria = criteria.and("eventIndex").lt(beforeIndex);
        }
        List<WebhookDelivery> page = new ArrayList<>(mongo.find(Query.query(criteria)
                .with(Sort.by(Sort.Direction.DESC, "eventIndex")).limit(limit), WebhookDelivery.class));
        if (status == null || status == DeliveryStatus.DELIVERED) {
            List<WebhookDelivery> delivered = deliveredPage(endpointId, beforeIndex, limit);
            Set<String> superseded = new HashSet<>();
            mongo.find(Query.query(where("_id").in(delivered.stream().map(WebhookDelivery::id).toList())),
                    org.bson.Document.class, WebhookDelivery.COLLECTION).forEach(own -> superseded.add(own.getString("_id")));
            delivered.stream().filter(d -> !superseded.contains(d.id())).forEach(page::add);
            page.sort(Comparator.comparingLong(WebhookDelivery::eventIndex).reversed());
        }
        return page.size() > limit ? List.copyOf(page.subList(0, limit)) : page;
    }

    /** Up to {@code limit} of the newest messages the rounds delivered at once, below {@code beforeIndex}. */
    private List<WebhookDelivery> deliveredPage(String endpointId, Long beforeIndex, int limit) {
        Criteria criteria = where("endpointId").is(endpointId);
        if (beforeIndex != null) {
            criteria = criteria.and("minIndex").lt(beforeIndex);
        }
        Map<String, WebhookDelivery> found = new LinkedHashMap<>();
        int skip = 0;
        long lowestWanted = Long.MIN_VALUE;
        while (true) {
            List<DeliveredRound> rounds = mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC,
                    "maxIndex")).skip(skip).limit(20), DeliveredRound.class);
            for (DeliveredRound round : rounds) {
                if (found.size() >= limit && round.maxIndex() < lowestWanted) {
                    return List.copyOf(found.values());
                }
                round.deliveries().stream().filter(d -> beforeIndex == null || d.eventIndex() < beforeIndex)
                        .forEach(d -> found.putIfAbsent(d.messageId(), d.asDelivery(endpointId)));
                lowestWanted = found.values().stream().map(WebhookDelivery::eventIndex)
                        .sorted(Comparator.reverseOrder()).skip(Math.max(0, limit - 1)).findFirst()
                        .orElse(Long.MIN_VALUE);
            }
            if (rounds.size() < 20) {
                return List.copyOf(found.values());
            }
            skip += rounds.size();
        }
    }

    /**
     * Makes the messages given pending again, to be sent again: each keeps the attempts recorded so far (a message
     * delivered in a round gets a document of its own, with that attempt).
     */
    void reopen(String endpointId, List<Message> messages, Instant now) {
        if (messages.isEmpty()) {
            return;
        }
        Map<String, WebhookDelivery> inRounds = new HashMap<>();
        deliveredInRounds(endpointId, messages.stream().map(Message::id).toList())
                .forEach(delivery -> inRounds.put(delivery.id(), delivery));
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, WebhookDelivery.COLLECTION);
        for (Message message : messages) {
            WebhookDelivery earlier = inRounds.get(message.id());
            bulk.upsert(Query.query(where("_id").is(message.id())), onInsert(endpointId, message,
                    earlier == null ? now : earlier.createdAt())
                    .setOnInsert("attempts", earlier == null ? List.of()
                            : earlier.attempts().stream().map(DeliveryLedger::attempt).toList())
                    .set("status", DeliveryStatus.PENDING.toString())
                    .set("nextAttemptAt", now)
                    .set("updatedAt", now));
        }
        bulk.execute();
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
        mongo.remove(of, DeliveredRound.class);
    }
}
