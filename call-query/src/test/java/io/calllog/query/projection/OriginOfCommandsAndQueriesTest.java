package io.calllog.query.projection;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OriginOfCommandsAndQueriesTest {

    private final OriginOfCommandsAndQueries provider = new OriginOfCommandsAndQueries();

    @Test
    void aCommandIsTheOriginOfWhatItsHandlerMakes() {
        var command = GenericCommandMessage.asCommandMessage("start call")
                .andMetaData(MetaData.with("traceId", "trace-1"));

        assertThat(dataFor(command))
                .containsEntry("correlationId", command.getIdentifier())
                .containsEntry("traceId", "trace-1");
    }

    @Test
    void aQueryIsTooButAnEventIsNot() {
        var query = new GenericQueryMessage<>("list calls", ResponseTypes.instanceOf(String.class));
        var event = GenericEventMessage.asEventMessage("call started")
                .andMetaData(Map.of("traceId", "trace-2", "correlationId", "command-2"));

        assertThat(dataFor(query)).containsEntry("correlationId", query.getIdentifier());
        assertThat(dataFor(event)).isEmpty();
    }

    private Map<String, Object> dataFor(Message<?> message) {
        return new HashMap<>(provider.correlationDataFor(message));
    }
}
