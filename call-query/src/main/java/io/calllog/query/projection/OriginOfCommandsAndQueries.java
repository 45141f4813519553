package io.calllog.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;

import java.util.Map;

/**
 * Axon's {@link MessageOriginProvider} (correlation and trace ids) for commands and queries, and nothing for events.
 * <p>
 * Axon asks the correlation data providers about the message being handled whenever a message is made while it is
 * handled, and its event processors make one for every event (the handler's result). For an event the origin provider
 * reads the event's metadata, which a processor otherwise never deserialises: a JSON parse per event, about a tenth of
 * a replay's projection work (docs/benchmarks.md). The projections make no messages from events, so nothing loses
 * correlation; events still carry their command's ids, which call-command's unit of work adds when they are applied.
 */
public final class OriginOfCommandsAndQueries implements CorrelationDataProvider {

    private final MessageOriginProvider origin = new MessageOriginProvider();

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        return message instanceof EventMessage<?> ? Map.of() : origin.correlationDataFor(message);
    }
}
