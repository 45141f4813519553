package io.calllog.query.call;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.events.CallStatus;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Calls API's description takes from the code rather than from annotations: the enums of a call's
 * {@code status}, {@code direction}, {@code endReason} and a line's {@code role}, from the enums that define them (the
 * read model stores their wire spellings as strings), and the API reference's example call ({@code seed-call.json})
 * as the example answer of {@code getCall} and {@code listCalls}.
 */
@Component
class CallsApiDescription implements OpenApiCustomizer {

    private static final String SEED_CALL = "seed-call.json";

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null || !schemas.containsKey("Call")) {
            return; // this document does not describe the Calls API
        }
        Schema<?> call = schemas.get("Call");
        enumerate(call.getProperties().get("status"), CallView.STATUSES);
        enumerate(call.getProperties().get("direction"), wireNames(Direction.values()));
        enumerate(call.getProperties().get("endReason"), wireNames(EndReason.values()));
        enumerate(((Schema<?>) schemas.get("TranscriptLine")).getProperties().get("role"),
                wireNames(SpeakerRole.values()));

        Map<String, Object> seedCall = seedCall();
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if ("getCall".equals(operation.getOperationId())) {
                example(operation, seedCall);
            } else if ("listCalls".equals(operation.getOperationId())) {
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("calls", List.of(seedCall));
                page.put("total", 1);
                page.put("page", 1);
                page.put("limit", CallsController.DEFAULT_LIMIT);
                example(operation, page);
                operation.getParameters().stream().filter(p -> p.getName().equals("status"))
                        .forEach(p -> enumerate(p.getSchema(), CallView.STATUSES));
            }
        }));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void enumerate(Schema schema, List<String> values) {
        schema.setEnum(new ArrayList<>(values));
    }

    private static List<String> wireNames(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::toString).toList();
    }

    private static void example(Operation operation, Object example) {
        operation.getResponses().get("200").getContent().get(MediaType.APPLICATION_JSON_VALUE).setExample(example);
    }

    /** The reference's example call, with the {@code endReason} and {@code erasedAt} this service adds beside them. */
    private static Map<String, Object> seedCall() {
        try (InputStream in = CallsApiDescription.class.getResourceAsStream(SEED_CALL)) {
            Map<String, Object> call = new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            call.put("endReason", EndReason.impliedBy(CallStatus.COMPLETED).toString());
            call.put("erasedAt", null);
            return call;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
