package io.calllog.command.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns one posted JSON event into a valid {@link EventRequest}, or into the list of fields that are wrong and why.
 * Binding (types, unknown fields, event type) and constraints (required, ranges, lengths) are both reported as
 * {@link FieldError}s, so every refusal names the field.
 */
@Component
class EventRequestReader {

    private final ObjectMapper objectMapper;
    private final Validator validator;

    EventRequestReader(ObjectMapper objectMapper, Validator validator) {
        this.objectMapper = strict(objectMapper.copy());
        this.validator = validator;
    }

    /**
     * What workers post is read strictly, by this reader alone (the application's shared mapper is left as it is): an
     * unknown field, a number where text belongs ({@code "seq": 1.5}, {@code "campaignUuid": 42}) or text where a
     * number belongs ({@code "duration": "60"}) is refused and named, never silently converted or dropped. Enums are
     * read in their wire spelling ({@code no-answer}), which is their {@code toString()}.
     */
    @SuppressWarnings("deprecation") // a copy's mapper feature can only be set this way (Jackson 2's ObjectMapper)
    static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.READ_ENUMS_USING_TO_STRING);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape scalar : new CoercionInputShape[]{
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Either a valid request or the errors that make it invalid. */
    record Read(EventRequest request, List<FieldError> errors) {
        boolean isValid() {
            return errors.isEmpty();
        }
    }

    Read read(JsonNode json) {
        if (json == null || !json.isObject()) {
            return invalid(new FieldError("(event)", "must be a JSON object with a 'type' field"));
        }
        EventRequest request;
        try {
            request = objectMapper.treeToValue(json, EventRequest.class);
        } catch (JsonProcessingException e) {
            return invalid(describe(e));
        }
        List<FieldError> violations = validator.validate(request).stream()
                .map(EventRequestReader::describe)
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return new Read(request, violations);
    }

    private static Read invalid(FieldError error) {
        return new Read(null, List.of(error));
    }

    private static FieldError describe(ConstraintViolation<EventRequest> violation) {
        String reason = violation.getInvalidValue() == null ? "is required" : violation.getMessage();
        return new FieldError(violation.getPropertyPath().toString(), reason);
    }

    private static FieldError describe(JsonProcessingException e) {
        if (e instanceof InvalidTypeIdException typeId) {
            String given = typeId.getTypeId();
            return new FieldError("type", given == null
                    ? "is required: one of " + EventRequest.TYPES
                    : "unknown event type '" + given + "': one of " + EventRequest.TYPES);
        }
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "(event)";
        if (e instanceof UnrecognizedPropertyException) {
            return new FieldError(field, "is not a field of this event type");
        }
        if (e instanceof InvalidFormatException format) {
            return new FieldError(field, "invalid value '" + format.getValue() + "': " + expected(format.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldError(field, "wrong type: " + expected(mismatch.getTargetType()));
        }
        return new FieldError(field, "invalid value: " + e.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "(event)" : path;
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "expected an ISO-8601 instant such as 2026-04-20T15:00:00Z";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "expected a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "expected a number";
        }
        if (type == String.class) {
            return "expected a string";
        }
        return "expected " + type.getSimpleName();
    }
}
