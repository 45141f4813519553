package io.calllog.command.ingestion;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * A request refused as a whole, before anything was stored: a problem naming the fields ({@code invalid-request}, or
 * {@code too-many-items} for a 413).
 */
class InvalidRequestException extends ErrorResponseException {

    InvalidRequestException(HttpStatus status, String detail, List<FieldError> errors) {
        super(status, problem(status, detail, errors), null);
    }

    InvalidRequestException(List<FieldError> errors) {
        this(HttpStatus.BAD_REQUEST, Problems.describe(errors), errors);
    }

    private static ProblemDetail problem(HttpStatus status, String detail, List<FieldError> errors) {
        boolean tooMany = status == HttpStatus.PAYLOAD_TOO_LARGE;
        return Problems.invalid(status, tooMany ? Problems.TOO_MANY_ITEMS : Problems.INVALID_REQUEST,
                tooMany ? "Too many items" : "Invalid request", detail, errors);
    }
}
