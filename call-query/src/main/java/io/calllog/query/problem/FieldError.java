package io.calllog.query.problem;

/** One reason a request was refused, naming the query parameter. */
public record FieldError(String field, String reason) {
}
