package io.calllog.query.call;

import java.util.List;

/** One page of {@code GET /api/calls}: {@code {"calls": [...], "total": n, "page": p, "limit": l}}. */
public record CallPage(List<CallView> calls, long total, int page, int limit) {
}
