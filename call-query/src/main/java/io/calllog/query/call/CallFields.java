package io.calllog.query.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Slim lists ({@code fields=}): the fields a client may name are a call's, as {@code GET /api/calls/{uuid}} shows it,
 * and {@code matches}. The page keeps its own fields ({@code total}, {@code next}, ...); each call keeps only the named
 * ones, in the call's order.
 */
final class CallFields {

    static final List<String> NAMES = List.of(Arrays.stream(CallView.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).toArray(String[]::new));

    private CallFields() {
    }

    /** The named fields, each once; an unknown or empty name is a 400 problem naming {@code fields}. */
    static List<String> parse(String fields) {
        Set<String> named = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String field : fields.split(",", -1)) {
            String name = field.trim();
            if (NAMES.contains(name)) {
                named.add(name);
            } else {
                unknown.add(name.isEmpty() ? "(empty)" : name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidQueryException(List.of(new FieldError("fields", "has unknown fields "
                    + String.join(", ", unknown) + ": use " + String.join(", ", NAMES))));
        }
        return NAMES.stream().filter(named::contains).toList();
    }

    /** The page as JSON with each call cut down to these fields. */
    static JsonNode only(CallPage page, List<String> fields, ObjectMapper json) {
        ObjectNode tree = json.valueToTree(page);
        tree.withArray("calls").forEach(call -> ((ObjectNode) call).retain(fields));
        return tree;
    }
}
