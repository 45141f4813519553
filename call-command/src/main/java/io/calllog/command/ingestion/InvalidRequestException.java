package io.calllog.command.ingestion;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A request refused as a whole, before anything was stored; answered as a problem naming the fields. */
class InvalidRequestException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;

    InvalidRequestException(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    InvalidRequestException(List<FieldError> errors) {
        this(HttpStatus.BAD_REQUEST, Problems.describe(errors), errors);
    }

    HttpStatus status() {
        return status;
    }

    List<FieldError> errors() {
        return errors;
    }
}
