package io.calllog.query.problem;

import io.calllog.access.ProblemDetails;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** A request that the resource's current state does not allow: a 409 problem of the given type. */
public class ConflictException extends ErrorResponseException {

    public ConflictException(URI type, String title, String detail) {
        super(HttpStatus.CONFLICT, ProblemDetails.of(HttpStatus.CONFLICT, type, title, detail), null);
    }
}
