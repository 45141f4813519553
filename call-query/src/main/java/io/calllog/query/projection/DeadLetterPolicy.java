package io.calllog.query.projection;

import com.mongodb.MongoException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.springframework.dao.DataAccessException;

/**
 * Which failures put an event in its projection's dead-letter queue.
 * <ul>
 *     <li>A failure of the event itself (a payload this version cannot read, a handler that throws on it): the event
 *     is dead-lettered with its cause and an attempt count, and so is every later event of the same call (Axon keeps
 *     a call's events in order behind its first dead letter); other calls go on.</li>
 *     <li>A failure of the database (MongoDB unreachable, a bulk write refused): nothing about the event is wrong, so
 *     the failure is thrown on. The batch fails and the processor retries it from its stored token, with backoff,
 *     until the database is back. Dead-lettering these would empty the queue into the dead letters during every
 *     outage.</li>
 * </ul>
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String ATTEMPTS = "attempts";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isDatabaseFailure(cause)) {
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        long attempts = letter.diagnostics().containsKey(ATTEMPTS)
                ? ((Number) letter.diagnostics().get(ATTEMPTS)).longValue() : 0;
        return Decisions.enqueue(cause, l -> l.diagnostics().and(ATTEMPTS, attempts + 1));
    }

    static boolean isDatabaseFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof MongoException) {
                return true;
            }
        }
        return false;
    }
}
