package io.calllog.query.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** A request that the resource's current state does not allow: a 409 problem of the given type. */
public class ConflictException extends ErrorResponseException {

    public ConflictException(URI type, String title, String detail) {
        super(HttpStatus.CONFLICT, problem(type, title, detail), null);
    }

    private static ProblemDetail problem(URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
