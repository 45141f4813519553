package io.calllog.query.call;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * One page of {@code GET /api/calls}: {@code {"calls": [...], "total": n, "page": p, "limit": l, "next": c}}, the
 * seed's fields and the cursor of the calls that follow.
 */
@Schema(requiredProperties = {"calls", "total", "page", "limit", "next"})
public record CallPage(@Schema(description = "Newest first, ties broken by uuid") List<CallView> calls,
                       @Schema(description = "Calls matching the filters, on every page") long total,
                       @Schema(description = "The page's number; after a cursor, the number this page would have "
                               + "by the calls now before it") int page,
                       int limit,
                       @Schema(description = "A cursor to pass back as `after` for the calls that follow, with the "
                               + "same filters; null on the last page", nullable = true)
                       String next) {
}
