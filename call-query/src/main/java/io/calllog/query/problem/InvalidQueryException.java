package io.calllog.query.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.List;

/** Query parameters that cannot be answered: a 400 problem naming each in its {@code errors}. */
public class InvalidQueryException extends ErrorResponseException {

    static final URI INVALID_QUERY = URI.create("urn:call-log:problem:invalid-query");

    private final List<FieldError> errors;

    public InvalidQueryException(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList()));
        problem.setType(INVALID_QUERY);
        problem.setTitle("Invalid query");
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
