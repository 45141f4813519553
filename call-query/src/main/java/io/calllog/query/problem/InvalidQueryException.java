package io.calllog.query.problem;

import java.util.List;

/** Query parameters that cannot be answered; a 400 problem naming each. */
public class InvalidQueryException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidQueryException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
