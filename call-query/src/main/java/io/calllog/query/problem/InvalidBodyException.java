package io.calllog.query.problem;

import io.calllog.access.ProblemDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.List;

/** A request body that cannot be taken: a 400 problem naming each field and why in its {@code errors}. */
public class InvalidBodyException extends ErrorResponseException {

    static final URI INVALID_REQUEST = URI.create("urn:call-log:problem:invalid-request");

    public InvalidBodyException(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
                String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList()));
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
