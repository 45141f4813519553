package io.calllog.command.ingestion;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns every refusal of the ingestion API into an RFC 9457 problem that names the field, and every failure into a
 * problem too (never an HTML page or a bare stack trace). Every refusal is an {@link ErrorResponseException} that
 * carries its problem ({@link InvalidRequestException}, {@link Problems#refusal}), rendered by one method; Spring's
 * refusals of a path variable or of an unreadable body, and failures, are turned into one first. It applies to the
 * ingestion controller only, before the shared handler of Spring MVC's own refusals ({@code WebProblems}).
 */
@RestControllerAdvice(assignableTypes = IngestionController.class)
@Order(0)
class IngestionProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestionProblemHandler.class);
    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> refused(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.getBody());
    }

    /** A path variable its constraint refuses (Spring's method validation): the call's uuid. */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> refusedPath(HandlerMethodValidationException e) {
        List<FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            MethodParameter parameter = result.getMethodParameter();
            parameter.initParameterNameDiscovery(PARAMETER_NAMES);
            PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
            String name = variable != null && !variable.name().isEmpty() ? variable.name()
                    : parameter.getParameterName();
            result.getResolvableErrors().forEach(error -> errors.add(new FieldError(name, error.getDefaultMessage())));
        });
        return refused(new InvalidRequestException(errors));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failure(RuntimeException e) {
        if (IngestionService.isStorageFailure(e)) {
            log.warn("Event store unavailable: {}", e.toString());
            return refused(Problems.refusal(Problems.unavailable()));
        }
        log.error("Unexpected failure while ingesting", e);
        return refused(Problems.refusal(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL,
                "Internal error",
                "the request failed unexpectedly; nothing of it may be assumed stored unless a receipt said so")));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadableBody(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                return refused(Problems.refusal(
                        RequestBodyLimit.tooLarge(tooLarge.maxBytes, "the body is larger than the limit")));
            }
        }
        String where = "";
        if (e.getCause() instanceof JsonProcessingException json && json.getLocation() != null) {
            JsonLocation location = json.getLocation();
            where = " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        String reason = e.getCause() == null ? "is missing: a JSON body is required" : "is not well-formed JSON" + where;
        return refused(Problems.refusal(Problems.invalid(HttpStatus.BAD_REQUEST, Problems.MALFORMED_JSON,
                "Malformed JSON", "the request body " + reason, List.of(new FieldError("(body)", reason)))));
    }
}
