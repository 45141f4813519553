package io.calllog.query.projection;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.util.Arrays;
import java.util.List;

/**
 * Delivers events to a projection as its processor does: each batch in one of Axon's batching units of work, through
 * the projections' one flush path ({@link ProjectionBatch#flushingAtTheEndOfEachBatch()}), every event a tracked
 * domain event with its call's sequence number and its global index, so that the handlers' parameters resolve as in
 * production. What the read model holds when the batch's token would be stored (Axon stores it in the unit of work's
 * prepare-commit phase) can be checked with {@link #deliver(Runnable, List)}.
 */
public final class ProjectionRun {

    /** One stored event: its payload, its call, its sequence number in the call and its global index. */
    public record Stored(Object payload, String callUuid, long sequence, long globalIndex) {

        public EventMessage<?> message() {
            return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(globalIndex),
                    new GenericDomainEventMessage<>("Call", callUuid, sequence, payload));
        }
    }

    /** What the processor hands each event to: the projection's handlers, or an invoker around them. */
    public interface Handlers {
        void handle(EventMessage<?> event) throws Exception;
    }

    private final Handlers handlers;

    /** Delivers to the projection's annotated handlers. */
    public ProjectionRun(Object projection) {
        this(new AnnotationEventHandlerAdapter(projection)::handle);
    }

    /** Delivers to these handlers (for example a dead-lettering invoker around the projection's). */
    public ProjectionRun(Handlers handlers) {
        this.handlers = handlers;
    }

    /** The events as one batch. */
    public void deliver(Stored... events) {
        deliver(() -> { }, Arrays.asList(events));
    }

    /** Each event as a batch of its own. */
    public void deliverOneByOne(List<Stored> events) {
        events.forEach(this::deliver);
    }

    /**
     * The events as one batch; {@code whenTheTokenIsStored} runs where Axon stores the batch's token, before the unit
     * of work commits. A failure of the batch is thrown, as the processor would see it.
     */
    public void deliver(Runnable whenTheTokenIsStored, List<Stored> events) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork =
                new BatchingUnitOfWork<>(events.stream().<EventMessage<?>>map(Stored::message).toList());
        unitOfWork.onPrepareCommit(u -> whenTheTokenIsStored.run());
        var result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                List.of(ProjectionBatch.flushingAtTheEndOfEachBatch()),
                message -> {
                    handlers.handle(message);
                    return null;
                }).proceed());
        if (result.isExceptional()) {
            throw new IllegalStateException("the batch failed", result.exceptionResult());
        }
    }
}
