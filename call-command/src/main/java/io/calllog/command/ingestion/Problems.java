package io.calllog.command.ingestion;

import io.calllog.access.ProblemDetails;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;

/**
 * The RFC 9457 problems of the ingestion API. Each has a stable {@code type} (listed in docs/ingestion.md); refusals
 * caused by fields carry an {@code errors} member: {@code [{"field": "events[3].text", "reason": "..."}]}.
 */
final class Problems {

    static final URI INVALID_REQUEST = URI.create("urn:call-log:problem:invalid-request");
    static final URI MALFORMED_JSON = URI.create("urn:call-log:problem:malformed-json");
    static final URI TOO_MANY_ITEMS = URI.create("urn:call-log:problem:too-many-items");
    static final URI BODY_TOO_LARGE = URI.create("urn:call-log:problem:body-too-large");
    static final URI CONFLICT = URI.create("urn:call-log:problem:conflicting-event");
    static final URI CALL_NOT_STARTED = URI.create("urn:call-log:problem:call-not-started");
    static final URI ERASED = URI.create("urn:call-log:problem:personal-data-erased");
    static final URI UNAVAILABLE = URI.create("urn:call-log:problem:event-store-unavailable");
    static final URI INTERNAL = URI.create("urn:call-log:problem:internal-error");

    /** Seconds a client should wait before retrying after a 503. */
    static final int RETRY_AFTER_SECONDS = 1;

    private Problems() {
    }

    static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
        return ProblemDetails.of(status, type, title, detail);
    }

    /**
     * A refusal of the request as a whole, answered with this problem (and, for a 503, when to retry): thrown, and
     * rendered by {@link IngestionProblemHandler} like every other refusal.
     */
    static ErrorResponseException refusal(ProblemDetail problem) {
        ErrorResponseException refusal =
                new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        }
        return refusal;
    }

    static ProblemDetail invalid(HttpStatus status, URI type, String title, String detail, List<FieldError> errors) {
        ProblemDetail problem = of(status, type, title, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    static ProblemDetail invalidFields(List<FieldError> errors) {
        return invalid(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid event", describe(errors), errors);
    }

    static ProblemDetail conflict(String callUuid, List<String> fields, String explanation) {
        ProblemDetail problem = of(HttpStatus.CONFLICT, CONFLICT, "Conflicting event",
                "call " + callUuid + ": " + explanation);
        problem.setProperty("errors", fields.stream().map(f -> new FieldError(f, "differs from the recorded value")).toList());
        return problem;
    }

    static ProblemDetail callNotStarted(String callUuid) {
        ProblemDetail problem = of(HttpStatus.NOT_FOUND, CALL_NOT_STARTED, "Call not started",
                "call " + callUuid + " has not started: post its 'started' event first");
        problem.setProperty("callUuid", callUuid);
        return problem;
    }

    static ProblemDetail erased(String callUuid) {
        ProblemDetail problem = of(HttpStatus.GONE, ERASED, "Personal data erased",
                "the personal data of call " + callUuid + " was erased: its events are no longer taken, and nothing "
                        + "of this one was stored");
        problem.setProperty("callUuid", callUuid);
        return problem;
    }

    static ProblemDetail unavailable() {
        ProblemDetail problem = of(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Event store unavailable",
                "the event could not be stored now; nothing of it was stored; retry after "
                        + RETRY_AFTER_SECONDS + " s");
        problem.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
        return problem;
    }

    static String describe(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList());
    }
}
