package io.calllog.query.call;

/**
 * Query: one page of calls, newest first (ties by uuid); answers a {@link CallPage}. The page is either by number
 * ({@code page}) or, when {@code after} is given, the {@code limit} calls that follow that cursor.
 */
public record FindCalls(CallFilter filter, int page, int limit, CallCursor after) {

    public FindCalls(CallFilter filter, int page, int limit) {
        this(filter, page, limit, null);
    }
}
