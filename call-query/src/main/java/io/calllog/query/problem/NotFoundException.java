package io.calllog.query.problem;

import io.calllog.access.ProblemDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/**
 * A resource of the read side that does not exist: a 404 problem of the given type, with the identifier that was
 * asked for as a property (for example {@code "uuid"}), so that a client can tell which lookup failed.
 */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(URI type, String title, String detail, String property, String value) {
        super(HttpStatus.NOT_FOUND, problem(type, title, detail, property, value), null);
    }

    private static ProblemDetail problem(URI type, String title, String detail, String property, String value) {
        ProblemDetail problem = ProblemDetails.of(HttpStatus.NOT_FOUND, type, title, detail);
        problem.setProperty(property, value);
        return problem;
    }
}
