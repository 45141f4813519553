package io.calllog.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Supplier;

/**
 * A projection's writes collected over one batch of events, so that the batch reaches MongoDB as one bulk write
 * instead of one round trip per event: the projections' handlers stage changes here, and the handler of the batch's
 * last event ({@code @ConcludesBatch}) writes them.
 * <p>
 * Writing from inside the last handler, rather than in a unit-of-work phase, is what keeps the batch safe: Axon's
 * pooled processor stores the batch's token in the prepare-commit phase, as the first handler of that phase, and the
 * token must never be stored before the writes it covers. A crash after the write and before the token is stored
 * delivers the batch again, which the projections absorb (each is idempotent). A failed write fails the batch, which
 * the processor then retries from its stored token.
 * <p>
 * Outside a unit of work (a handler called directly, as in handler tests) every change is written at once.
 */
public abstract class ProjectionBatch {

    /** Made outside a unit of work: nothing else will write it. */
    private boolean standalone;

    /** Writes the staged changes, in bulk, and forgets them. Called only when something is staged. */
    protected abstract void write();

    protected abstract boolean isEmpty();

    /**
     * The batch of the unit of work being processed, made on first use; or, outside a unit of work, a new batch.
     */
    public static <B extends ProjectionBatch> B current(Class<B> type, Supplier<B> factory) {
        if (!CurrentUnitOfWork.isStarted()) {
            B batch = factory.get();
            ((ProjectionBatch) batch).standalone = true;
            return batch;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(type.getName(), key -> {
            B batch = factory.get();
            // a safety net only: the handler of the batch's last event has written everything before this runs
            unitOfWork.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }

    /**
     * Writes what is staged if the event just staged ends its batch ({@code @ConcludesBatch}), or if there is no batch
     * (no unit of work).
     */
    public final void flushIf(boolean concludesBatch) {
        if (concludesBatch || standalone) {
            flush();
        }
    }

    /**
     * Writes every batch of the unit of work after its last event, whether or not that event reached the handlers:
     * a dead-lettered event, or one queued behind a dead letter of its call, is never handled, so its
     * {@code @ConcludesBatch} never comes. Runs before the unit of work commits, so before the token is stored; a
     * failed write fails the batch.
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

    public final void flush() {
        if (!isEmpty()) {
            write();
        }
    }
}
