package io.calllog.query.problem;

import io.calllog.access.ProblemDetails;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.hibernate.validator.constraints.Range;

import java.net.URI;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;

/**
 * Query or path parameters that cannot be answered: a 400 problem naming each in its {@code errors}. Made by the
 * read side's controllers, by {@link KnownQueryParameters}, and from Spring's own refusals of declared parameters (a
 * value its constraints refuse, a value of the wrong type), so that every one reads the same.
 */
public class InvalidQueryException extends ErrorResponseException {

    static final URI INVALID_QUERY = URI.create("urn:call-log:problem:invalid-query");
    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    private final List<FieldError> errors;

    public InvalidQueryException(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Values that the parameters' constraints refuse (Spring's method validation). */
    static InvalidQueryException of(HandlerMethodValidationException e) {
        List<FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new FieldError(nameOf(result.getMethodParameter()), error.getDefaultMessage()))));
        return new InvalidQueryException(errors);
    }

    /** A value that is not of its parameter's type: the reason says what the type takes. */
    static InvalidQueryException of(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? nameOf(mismatch.getParameter())
                : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String reason;
        if (type != null && Temporal.class.isAssignableFrom(type)) {
            reason = "must be an ISO-8601 date-time with offset, such as 2026-04-20T15:00:00Z";
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            Range range = e instanceof MethodArgumentTypeMismatchException mismatch
                    ? mismatch.getParameter().getParameterAnnotation(Range.class) : null;
            reason = range == null ? "must be a whole number"
                    : "must be a whole number between " + range.min() + " and " + range.max();
        } else {
            reason = "is not a valid value";
        }
        return new InvalidQueryException(List.of(new FieldError(name, reason)));
    }

    /** The name a client gives a parameter: its {@code @RequestParam} or {@code @PathVariable} name, or its own. */
    static String nameOf(MethodParameter parameter) {
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        parameter.initParameterNameDiscovery(PARAMETER_NAMES);
        return parameter.getParameterName();
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, INVALID_QUERY, "Invalid query",
                String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList()));
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
