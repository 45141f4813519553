package io.calllog.query.call;

/** Query: one page of calls, newest first (ties by uuid); answers a {@link CallPage}. */
public record FindCalls(CallFilter filter, int page, int limit) {
}
