package io.calllog.query.call;

import java.util.List;

/** Query parameters that cannot be answered; a 400 problem naming each. */
class InvalidQueryException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidQueryException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList()));
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
