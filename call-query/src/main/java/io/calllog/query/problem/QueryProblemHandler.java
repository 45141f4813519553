package io.calllog.query.problem;

import io.calllog.access.ProblemDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import java.net.URI;
import java.util.concurrent.CompletionException;

/**
 * RFC 9457 problems of the read side's endpoints (Calls API, reports, projection administration): it applies to the
 * controllers of {@code io.calllog.query} only, before the shared handler of Spring MVC's own refusals
 * ({@code WebProblems}).
 */
@RestControllerAdvice(basePackages = "io.calllog.query")
@Order(0)
class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);
    static final URI READ_MODEL_UNAVAILABLE = URI.create("urn:call-log:problem:read-model-unavailable");
    static final URI INTERNAL = URI.create("urn:call-log:problem:internal-error");

    /**
     * Every refusal of the read side carries its problem ({@link InvalidQueryException}, {@link NotFoundException},
     * {@link ConflictException}: Spring's {@link ErrorResponseException}); it is rendered as it is. Spring's own
     * refusals of declared parameters are turned into {@link InvalidQueryException}s first (below), so that every
     * refusal names its parameter the same way.
     */
    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> refused(ErrorResponseException e) {
        return respond(e.getBody());
    }

    /** A declared parameter whose value its constraints refuse (Spring's method validation). */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> refusedValues(HandlerMethodValidationException e) {
        return respond(InvalidQueryException.of(e).getBody());
    }

    /** A declared parameter whose value is not of its type (a page that is not a number, a date that is none). */
    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<ProblemDetail> mistyped(TypeMismatchException e) {
        return respond(InvalidQueryException.of(e).getBody());
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failure(RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof com.mongodb.MongoException) {
                log.warn("Read model unavailable: {}", t.toString());
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, READ_MODEL_UNAVAILABLE,
                                "Read model unavailable",
                                "the read model cannot be reached now; retry after 1 s"));
            }
        }
        log.error("Unexpected failure on the read side", cause);
        return respond(ProblemDetails.of(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL, "Internal error",
                "the request failed unexpectedly"));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
