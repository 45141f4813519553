package io.calllog.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * Axon's JDBC engine, with two differences.
 * <p>
 * <b>A driver error while appending is an {@link EventStoreException}.</b> When the connection breaks in the middle
 * of a batch insert, pgjdbc 42.7 throws an {@code AssertionError} from its batch result handler ("getAutoCommit()
 * should not throw") rather than an {@code SQLException}. Axon's unit of work rolls back on exceptions only: on that
 * error it neither rolled back nor evicted the aggregate from the cache, so the cached call kept the events that were
 * never stored, and the worker's retry was answered "duplicate" for events that did not exist.
 * {@code PostgresOutageTest} found it; translated, the outage is a rollback, a 503 and a clean retry.
 * <p>
 * <b>A tracked event's timestamp is parsed once, by {@link StoredTimestamp}.</b> Axon's engine parses the stored text
 * to decide whether the event is recent enough for gaps below it to be waited for, and the event parses it again
 * when a handler (or Axon itself) asks for the message's timestamp: an eighth of a replay's CPU. The token is
 * computed as Axon's engine computes it, from the same settings ({@code CallLogStorageEngineTest} compares the two).
 */
final class CallLogStorageEngine extends JdbcEventStorageEngine {

    private final GapSettings gaps;

    /** What Axon's engine is told about gaps; this engine needs them too, to compute tokens as Axon does. */
    record GapSettings(int gapTimeoutMillis, int maxGapOffset, long lowestGlobalSequence) {

        /** Axon's defaults. */
        static final GapSettings AXON_DEFAULTS = new GapSettings(60_000, 10_000, 1);
    }

    CallLogStorageEngine(Builder builder, GapSettings gaps) {
        super(builder.gapTimeout(gaps.gapTimeoutMillis())
                .maxGapOffset(gaps.maxGapOffset())
                .lowestGlobalSequence(gaps.lowestGlobalSequence()));
        this.gaps = gaps;
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

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet row, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalIndex = row.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = row.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = row.getString(schema.eventIdentifierColumn());
        String storedTimestamp = readTimeStamp(row, schema.timestampColumn()).toString();
        Instant timestamp = StoredTimestamp.parse(storedTimestamp);
        DomainEventData<?> event = new EventWithParsedTimestamp<>(
                row.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                row.getLong(schema.sequenceNumberColumn()),
                eventIdentifier, storedTimestamp, timestamp,
                row.getString(schema.payloadTypeColumn()),
                row.getString(schema.payloadRevisionColumn()),
                readPayload(row, schema.payloadColumn()),
                readPayload(row, schema.metaDataColumn()));

        // Gaps below an event are only waited for while the event is younger than the gap timeout.
        boolean mayHaveGaps = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(gaps.gapTimeoutMillis()));
        GapAwareTrackingToken token = previousToken == null
                ? GapAwareTrackingToken.newInstance(globalIndex, mayHaveGaps ? gapsBelow(globalIndex)
                                                                             : Collections.emptySortedSet())
                : previousToken.advanceTo(globalIndex, mayHaveGaps ? gaps.maxGapOffset() : 0);
        return new TrackedDomainEventData<>(token, event);
    }

    /** Every index below the first event read, down to the lowest the store hands out. */
    private SortedSet<Long> gapsBelow(long globalIndex) {
        return LongStream.range(Math.min(gaps.lowestGlobalSequence(), globalIndex), globalIndex)
                .boxed().collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    }

    /** A stored event whose timestamp has been parsed already. */
    private static final class EventWithParsedTimestamp<T> extends GenericDomainEventEntry<T> {

        private final Instant timestamp;

        EventWithParsedTimestamp(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                                 String storedTimestamp, Instant timestamp, String payloadType,
                                 String payloadRevision, T payload, T metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, storedTimestamp, payloadType,
                    payloadRevision, payload, metaData);
            this.timestamp = timestamp;
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }
    }
}
