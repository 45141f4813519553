package io.calllog.query.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.PersonalDataErased;
import io.calllog.eventstore.personal.PersonalDataOverwritten;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.projection.DocumentProjection;
import io.calllog.query.projection.ProjectionRuntime;
import io.calllog.query.projection.TermIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.data.mongodb.core.index.IndexDefinition;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Projects the call events into the {@code calls} collection that the Calls API reads: one {@link CallDocument} per
 * call, changed by each event as {@link CallDocument} says. A start creates the document (a start delivered again
 * leaves it as it is); an event of a call that has no document (deleted by hand) is ignored. Batching, redelivery,
 * bulk writes and replays are the projection runtime's ({@link DocumentProjection}), and so is the index of the words
 * calls are searched by ({@link CallTerms}). An erasure ({@code PersonalDataErased}) rewrites the call erased and tells
 * the embedded store to compact at its next clean stop ({@link PersonalDataOverwritten}), so that the overwritten text
 * leaves its file.
 */
@Component
@ProcessingGroup(CallProjection.PROCESSING_GROUP)
public class CallProjection extends DocumentProjection<CallDocument> implements ApplicationEventPublisherAware {

    public static final String PROCESSING_GROUP = "calls";
    private final CallTerms terms;
    private ApplicationEventPublisher overwritten = event -> {
    };

    CallProjection(ProjectionRuntime runtime, CallTerms terms) {
        super(runtime, CallDocument.COLLECTION, CallDocument.class);
        this.terms = terms;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.overwritten = publisher;
    }

    @Override
    protected TermIndex<CallDocument> termIndex() {
        return terms;
    }

    @Override
    protected List<IndexDefinition> indexes() {
        return CallIndexes.definitions();
    }

    @EventHandler
    void on(CallStarted event) {
        change(event.callUuid(), call -> call == null ? CallDocument.started(event) : call);
    }

    @EventHandler
    void on(TranscriptLineAppended event) {
        change(event.callUuid(), call -> call == null ? null : call.with(event));
    }

    @EventHandler
    void on(CallCompleted event) {
        change(event.callUuid(), call -> call == null ? null : call.with(event));
    }

    @EventHandler
    void on(CallSummarized event) {
        change(event.callUuid(), call -> call == null ? null : call.with(event));
    }

    @EventHandler
    void on(PersonalDataErased event) {
        change(event.callUuid(), call -> call == null ? null : call.with(event));
        overwritten.publishEvent(new PersonalDataOverwritten(PersonalDataOverwritten.READ_MODEL));
    }
}
