package io.calllog.query.call;

/** One reason a request was refused, naming the query parameter. */
public record FieldError(String field, String reason) {
}
