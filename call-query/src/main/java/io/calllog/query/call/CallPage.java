package io.calllog.query.call;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of {@code GET /api/calls}: {@code {"calls": [...], "total": n, "page": p, "limit": l}}. */
@Schema(requiredProperties = {"calls", "total", "page", "limit"})
public record CallPage(@Schema(description = "Newest first, ties broken by uuid") List<CallView> calls,
                       @Schema(description = "Calls matching the filters, on every page") long total,
                       int page,
                       int limit) {
}
