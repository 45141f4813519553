package io.calllog.command.ingestion;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Declares the posted event as what it is on the wire: a union discriminated by {@code type}
 * ({@code CallEvent}: {@code started}, {@code transcript}, {@code completed}, {@code summarized}), taken from
 * {@link EventRequest}'s {@link JsonSubTypes}, the same table Jackson reads the body with. The event records carry no
 * {@code type} component (Jackson consumes it to pick the record), so it is added to each of their schemas here, with
 * the one value that selects it. Both ingestion operations then refer to {@code CallEvent}: the body of
 * {@code postCallEvent}, and the items of {@code postEvents}' {@code EventBatch}.
 */
@Component
class IngestionApiDescription implements OpenApiCustomizer {

    static final String CALL_EVENT = "CallEvent";
    static final String CALL_EVENT_REF = "#/components/schemas/" + CALL_EVENT;
    static final String BATCH = "EventBatch";
    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Discriminator discriminator = new Discriminator().propertyName("type");
        ComposedSchema union = new ComposedSchema();
        for (JsonSubTypes.Type subtype : EventRequest.class.getAnnotation(JsonSubTypes.class).value()) {
            String name = subtype.value().getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class).name();
            Schema<?> event = schemas.get(name);
            if (event == null) {
                return; // this document does not describe the ingestion API
            }
            Map<String, Schema> properties = new LinkedHashMap<>();
            properties.put("type", new StringSchema()._enum(List.of(subtype.name()))
                    .description("`" + subtype.name() + "`: selects this kind of event"));
            properties.putAll(event.getProperties());
            event.setProperties(properties);
            List<String> required = new ArrayList<>(List.of("type"));
            if (event.getRequired() != null) {
                required.addAll(event.getRequired());
            }
            event.setRequired(required);
            event.setAdditionalProperties(false); // unknown fields are refused
            union.addOneOfItem(new Schema<>().$ref(SCHEMAS + name));
            discriminator.mapping(subtype.name(), SCHEMAS + name);
        }
        union.discriminator(discriminator).description("One event of a call, by `type`: " + EventRequest.TYPES
                + ". `callUuid` is required in a batch item; on `POST /api/calls/{uuid}/events` it may be left "
                + "out, and if given must equal the path's uuid. Unknown fields are refused.");
        schemas.put(CALL_EVENT, union);
        Schema<?> batch = schemas.get(BATCH);
        batch.getProperties().get("events").setItems(new Schema<>().$ref(CALL_EVENT_REF));
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if ("postCallEvent".equals(operation.getOperationId())) {
                MediaType body = operation.getRequestBody().getContent()
                        .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
                body.setSchema(new Schema<>().$ref(CALL_EVENT_REF));
            }
        }));
    }
}
