package io.calllog.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a projection changes over one batch of events, so that the batch reaches MongoDB as bulk writes instead of one
 * round trip per event. Projections never see it: {@link DocumentProjection} and {@link CounterProjection} stage
 * their changes here, and the runtime writes them.
 * <p>
 * There is one flush path: {@link #flushingAtTheEndOfEachBatch()}, the handler interceptor every projection's
 * processor has, writes every batch of the unit of work after its last event, during processing, so before the unit
 * of work commits and Axon's pooled processor stores the batch's token (in the prepare-commit phase). The token is
 * never stored before the writes it covers. A crash after the write and before the token is stored delivers the batch
 * again, which the runtime absorbs (documents are guarded by the call's event sequence, counters by markers). A failed
 * write fails the batch, which the processor then retries from its stored token. It runs whether or not the last
 * event reached a handler (one this projection does not handle, one dead-lettered, one queued behind a dead letter of
 * its call), so a projection handles only the events it needs.
 */
abstract class ProjectionBatch {

    /** Writes the staged changes, in bulk, and forgets them. Called only when something is staged. */
    protected abstract void write();

    protected abstract boolean isEmpty();

    /**
     * Stages a change in the batch {@code key} of the unit of work being processed (made on first use). The runtime
     * decides when it is written: at the end of the processor's batch, or at once in a unit of work of one event that
     * nothing follows (a dead letter handled again, see {@link DeadLetters}), where a failed write fails that letter.
     * Outside a unit of work nothing would ever write it, so that is refused.
     */
    static <B extends ProjectionBatch> void stage(String key, Supplier<B> factory, Consumer<B> change) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        B batch = unitOfWork.getOrComputeResource(ProjectionBatch.class.getName() + "." + key, k -> factory.get());
        change.accept(batch);
        if (!(unitOfWork instanceof BatchingUnitOfWork<?>)) {
            ((ProjectionBatch) batch).flush();
        }
    }

    /** The event being handled: projections' handlers run in an event processor's unit of work, and nowhere else. */
    static EventMessage<?> currentEvent() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("projection handlers run in an event processor's unit of work");
        }
        return (EventMessage<?>) CurrentUnitOfWork.get().getMessage();
    }

    /**
     * Writes every batch of the unit of work after its last event (see the class). Registered as the default handler
     * interceptor of every processor ({@link ProjectionConfiguration}).
     */
    static MessageHandlerInterceptor<EventMessage<?>> flushingAtTheEndOfEachBatch() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
                for (Object resource : unitOfWork.root().resources().values()) {
                    if (resource instanceof ProjectionBatch staged) {
                        staged.flush();
                    }
                }
            }
            return result;
        };
    }

    private void flush() {
        if (!isEmpty()) {
            write();
        }
    }
}
