package io.calllog.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * Axon's JDBC engine, except that an append the PostgreSQL driver fails with an {@code AssertionError} fails with an
 * {@link EventStoreException} instead.
 * <p>
 * When the connection breaks in the middle of a batch insert, pgjdbc 42.7 throws an {@code AssertionError} from its
 * batch result handler ("getAutoCommit() should not throw") rather than an {@code SQLException}. Axon's unit of work
 * rolls back on exceptions only: on that error it neither rolled back nor evicted the aggregate from the cache, so the
 * cached call kept the events that were never stored, and the worker's retry was answered "duplicate" for events that
 * did not exist. {@code PostgresOutageTest} found it; translated, the outage is a rollback, a 503 and a clean retry.
 */
final class DriverErrorTranslatingEngine extends JdbcEventStorageEngine {

    DriverErrorTranslatingEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        try {
            super.appendEvents(events, serializer);
        } catch (AssertionError e) {
            if (!fromJdbcDriver(e)) {
                throw e;
            }
            throw new EventStoreException("the connection to the event store broke while appending", e);
        }
    }

    private static boolean fromJdbcDriver(AssertionError e) {
        return e.getStackTrace().length > 0 && e.getStackTrace()[0].getClassName().startsWith("org.postgresql.");
    }
}
