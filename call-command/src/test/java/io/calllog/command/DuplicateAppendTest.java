package io.calllog.command;

import io.calllog.events.CallSummarized;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A known trap of Axon on PostgreSQL: its default resolver misses PostgreSQL's duplicate keys. With SQLSTATE 23505
 * resolved, a lost race surfaces as the exceptions the command gateway retries.
 */
class DuplicateAppendTest extends PostgresBackedContext {

    @Autowired
    EventStorageEngine engine;

    private static GenericDomainEventMessage<CallSummarized> event(String call, long sequence) {
        return new GenericDomainEventMessage<>("Call", call, sequence, new CallSummarized(call, "summary " + sequence));
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
