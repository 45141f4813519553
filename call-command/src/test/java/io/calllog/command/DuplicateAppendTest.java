package io.calllog.command;

import io.calllog.events.CallStarted;
import io.calllog.events.Direction;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A known trap of Axon on PostgreSQL: its default resolver misses PostgreSQL's duplicate keys. With SQLSTATE 23505
 * resolved, a lost race surfaces as the exceptions the command gateway retries.
 */
class DuplicateAppendTest extends PostgresBackedContext {

    @Autowired
    EventStorageEngine engine;

    /** A start, which needs nothing stored before it (its call's data key is made as it is stored). */
    private static GenericDomainEventMessage<CallStarted> event(String call, long sequence) {
        return new GenericDomainEventMessage<>("Call", call, sequence, new CallStarted(call, "campaign", "record",
                Direction.OUTBOUND, Instant.parse("2026-01-05T10:00:00Z")));
    }

    @Test
    void aSecondFirstEventIsAnAggregateStreamCreationException() {
        String call = newCallUuid();
        engine.appendEvents(event(call, 0));
        assertThatThrownBy(() -> engine.appendEvents(event(call, 0)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void aSecondEventAtTheSameSequenceIsAConcurrencyException() {
        String call = newCallUuid();
        engine.appendEvents(event(call, 0), event(call, 1));
        assertThatThrownBy(() -> engine.appendEvents(event(call, 1)))
                .isInstanceOf(ConcurrencyException.class);
    }
}
