package io.calllog.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStatus;
import io.calllog.events.EndReason;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Arrays;

/**
 * {@link CallCompleted} revision 1 to revision 2: completions recorded before {@code endReason} existed get the
 * reason their status implies ({@link EndReason#impliedBy(CallStatus)}), so that every reader (the {@code Call}
 * aggregate, every projection, every replay) sees one shape. Stored events are never rewritten: the upcaster runs as
 * events are read.
 */
public class CallCompletedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(CallCompleted.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(CallCompleted.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode completion = (ObjectNode) payload;
            String status = completion.path("status").asText();
            CallStatus callStatus = Arrays.stream(CallStatus.values())
                    .filter(value -> value.toString().equals(status)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a stored completion with an unknown status: " + status));
            completion.put("endReason", EndReason.impliedBy(callStatus).toString());
            return completion;
        });
    }
}
