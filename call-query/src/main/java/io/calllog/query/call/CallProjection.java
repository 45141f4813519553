package io.calllog.query.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.projection.ProjectionBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.function.Function;

/**
 * Projects the call events into the {@code calls} collection that the Calls API reads.
 * <p>
 * The handlers stage each event's change in the batch's {@link CallBatch}, which the projection runtime writes in
 * bulk at the end of the batch ({@link ProjectionBatch}). Idempotent: a start creates a document only where none exists, and every later event is applied only if
 * its aggregate sequence number is above the document's {@code lastSequence}, so an event delivered again (after a
 * crash, before the token was stored) changes nothing. An event of a call that has no document (deleted by hand) is
 * ignored. Transcript lines are kept sorted by {@code seq}, whatever order they were spoken in.
 * <p>
 * Beside each call it keeps the call's {@link CallListEntry list entry}, which list queries search.
 * <p>
 * A replay (reset) drops both collections; {@link CallIndexes} creates their indexes again.
 */
@Component
@ProcessingGroup(CallProjection.PROCESSING_GROUP)
public class CallProjection {

    public static final String PROCESSING_GROUP = "calls";

    private final MongoTemplate mongo;
    private final CallIndexes indexes;

    public CallProjection(MongoTemplate mongo, CallIndexes indexes) {
        this.mongo = mongo;
        this.indexes = indexes;
    }

    @EventHandler
    void on(CallStarted event, @SequenceNumber long sequence) {
        stage(event.callUuid(), sequence, call -> call == null ? CallDocument.started(event, sequence) : call);
    }

    @EventHandler
    void on(TranscriptLineAppended event, @SequenceNumber long sequence) {
        stage(event.callUuid(), sequence, call -> call == null ? null : call.with(event, sequence));
    }

    @EventHandler
    void on(CallCompleted event, @SequenceNumber long sequence) {
        stage(event.callUuid(), sequence, call -> call == null ? null : call.with(event, sequence));
    }

    @EventHandler
    void on(CallSummarized event, @SequenceNumber long sequence) {
        stage(event.callUuid(), sequence, call -> call == null ? null : call.with(event, sequence));
    }

    @ResetHandler
    void dropAll() {
        mongo.dropCollection(CallDocument.COLLECTION);
        mongo.dropCollection(CallListEntry.COLLECTION);
        indexes.create();
    }

    private void stage(String callUuid, long sequence, Function<CallDocument, CallDocument> change) {
        ProjectionBatch.stage(CallBatch.class, () -> new CallBatch(mongo), batch -> batch.stage(callUuid, sequence, change));
    }
}
