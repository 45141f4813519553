package io.calllog.query.problem;

import io.calllog.events.ClientId;
import org.springframework.util.MultiValueMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Strict reading of a read-side query string: an unknown parameter, a repeated one, an empty one or a bad value is
 * refused with the parameter named ({@link InvalidQueryException}, a 400 problem), never ignored.
 */
public final class QueryParameters {

    public static final int MAX_PAGE = 1_000_000;

    private QueryParameters() {
    }

    /** Refuses parameters not in {@code names}, given more than once, or empty. */
    public static void requireKnownAndSingle(MultiValueMap<String, String> parameters, List<String> names) {
        List<FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!names.contains(name)) {
                errors.add(new FieldError(name, names.isEmpty() ? "is not a parameter of this endpoint: it takes none"
                        : "is not a parameter of this endpoint: use " + String.join(", ", names)));
            } else if (values.size() > 1) {
                errors.add(new FieldError(name, "is given " + values.size() + " times: give it once"));
            } else if (values.get(0) == null || values.get(0).isEmpty()) {
                errors.add(new FieldError(name, "is empty: give a value or leave the parameter out"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
    }

    /** An identifier in a path: refused with a 400 problem naming it unless it has the shape {@link #id} checks. */
    public static String requireId(String value, String name) {
        List<FieldError> errors = new java.util.ArrayList<>();
        id(value, name, errors);
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return value;
    }

    /** An identifier chosen by a client (a call, campaign or record uuid): {@link ClientId}. */
    public static String id(String value, String name, List<FieldError> errors) {
        if (value != null && !ClientId.isValid(value)) {
            errors.add(new FieldError(name, ClientId.RULE));
        }
        return value;
    }

    public static int whole(String value, String name, int defaultValue, int min, int max, List<FieldError> errors) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notAWholeNumber) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return defaultValue;
    }
}
