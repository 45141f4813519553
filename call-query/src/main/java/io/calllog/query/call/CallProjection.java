package io.calllog.query.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.TranscriptLineAppended;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.types.Decimal128;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Projects the call events into the {@code calls} collection that the Calls API reads.
 * <p>
 * Idempotent: {@code CallStarted} only inserts (an upsert that sets nothing on an existing document), and every later
 * event is applied only if its aggregate sequence number is above the document's {@code lastSequence}, so an event
 * delivered again (after a crash, before the token was stored) changes nothing. Events of one call arrive in sequence
 * order and from one thread (the processor's sequencing policy is per aggregate, and a segment has one owner), so
 * reading {@code lastSequence} and then writing is safe. Transcript lines are kept sorted by {@code seq}, whatever
 * order they were spoken in.
 * <p>
 * Every read and write selects the document by {@code _id} alone: the embedded mongo-java-server serves a query from
 * an index only when the query names exactly the index's fields, and scans the whole collection otherwise.
 */
@Component
@ProcessingGroup(CallProjection.PROCESSING_GROUP)
public class CallProjection {

    public static final String PROCESSING_GROUP = "calls";

    private static final org.bson.Document LAST_SEQUENCE = new org.bson.Document("lastSequence", 1);

    private final MongoTemplate mongo;

    public CallProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(CallStarted event, @SequenceNumber long sequence) {
        Update insertOnly = new Update()
                .setOnInsert("campaignUuid", event.campaignUuid())
                .setOnInsert("recordUuid", event.recordUuid())
                .setOnInsert("direction", event.direction().toString())
                .setOnInsert("status", CallDocument.IN_PROGRESS)
                .setOnInsert("duration", null)
                .setOnInsert("cost", null)
                .setOnInsert("transcript", List.of())
                .setOnInsert("recordingUrl", null)
                .setOnInsert("summary", null)
                .setOnInsert("createdAt", Date.from(event.startedAt()))
                .setOnInsert("lastSequence", sequence);
        mongo.upsert(Query.query(where("_id").is(event.callUuid())), insertOnly, CallDocument.COLLECTION);
    }

    @EventHandler
    void on(TranscriptLineAppended event, @SequenceNumber long sequence) {
        org.bson.Document line = new org.bson.Document("seq", event.seq())
                .append("role", event.role().toString())
                .append("text", event.text());
        applyOnce(event.callUuid(), sequence, new Update().push("transcript").sort(Sort.by("seq")).each(line));
    }

    @EventHandler
    void on(CallCompleted event, @SequenceNumber long sequence) {
        applyOnce(event.callUuid(), sequence, new Update()
                .set("status", event.status().toString())
                .set("duration", event.durationSeconds())
                .set("cost", new Decimal128(event.cost()))
                .set("recordingUrl", event.recordingUrl()));
    }

    @EventHandler
    void on(CallSummarized event, @SequenceNumber long sequence) {
        applyOnce(event.callUuid(), sequence, new Update().set("summary", event.summary()));
    }

    private void applyOnce(String callUuid, long sequence, Update update) {
        Query byId = Query.query(where("_id").is(callUuid));
        org.bson.Document applied = mongo.getCollection(CallDocument.COLLECTION)
                .find(byId.getQueryObject()).projection(LAST_SEQUENCE).first();
        if (applied != null && applied.get("lastSequence", Number.class).longValue() < sequence) {
            mongo.updateFirst(byId, update.set("lastSequence", sequence), CallDocument.COLLECTION);
        }
    }
}
