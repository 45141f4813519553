package io.calllog.command.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.core.annotation.Order;

import java.net.URI;
import java.util.List;

/**
 * Turns every refusal of the ingestion API into an RFC 9457 problem that names the field, and every failure into a
 * problem too (never an HTML page or a bare stack trace). It applies to the ingestion controller only, before the
 * shared handler of Spring MVC's own refusals ({@code WebProblems}, which also answers a body that is not JSON).
 */
@RestControllerAdvice(assignableTypes = IngestionController.class)
@Order(0)
class IngestionProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestionProblemHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        URI type = e.status() == HttpStatus.PAYLOAD_TOO_LARGE ? Problems.TOO_MANY_ITEMS : Problems.INVALID_REQUEST;
        String title = e.status() == HttpStatus.PAYLOAD_TOO_LARGE ? "Too many items" : "Invalid request";
        return problem(Problems.invalid(e.status(), type, title, e.getMessage(), e.errors()));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failure(RuntimeException e) {
        if (IngestionService.isStorageFailure(e)) {
            log.warn("Event store unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(Problems.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.unavailable());
        }
        log.error("Unexpected failure while ingesting", e);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL, "Internal error",
                "the request failed unexpectedly; nothing of it may be assumed stored unless a receipt said so"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadableBody(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(RequestBodyLimit.tooLarge(tooLarge.maxBytes, "the body is larger than the limit"));
            }
        }
        String where = "";
        if (e.getCause() instanceof JsonProcessingException json && json.getLocation() != null) {
            JsonLocation location = json.getLocation();
            where = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        String reason = e.getCause() == null ? "is missing: a JSON body is required" : "is not well-formed JSON" + where;
        FieldError error = new FieldError("(body)", reason);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.invalid(HttpStatus.BAD_REQUEST, Problems.MALFORMED_JSON, "Malformed JSON",
                        "the request body " + reason, List.of(error)));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
