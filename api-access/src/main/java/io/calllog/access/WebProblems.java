package io.calllog.access;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The problems of Spring MVC's own refusals, for every runnable: what is refused before any controller is chosen (a
 * body that is not JSON, a method or path that does not exist) or that no side's handler claims. Spring renders them
 * as RFC 9457 problems; a 415 also names the header at fault, as every other refusal names its field. Each side's
 * own handler (ingestion, read side) applies to its own controllers only and is consulted first; this one comes
 * last.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class WebProblems extends ResponseEntityExceptionHandler {

    static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("urn:call-log:problem:unsupported-media-type");

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        String given = e.getContentType() == null ? "none" : e.getContentType().toString();
        ProblemDetail problem = ProblemDetails.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type", "the request body must be application/json; was " + given);
        problem.setProperty("errors", List.of(Map.of("field", "Content-Type",
                "reason", "must be application/json; was " + given)));
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.setAccept(List.of(MediaType.APPLICATION_JSON));
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, responseHeaders, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
}
