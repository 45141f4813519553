package io.calllog.query.feed;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of the change feed, in the event store's order, and the cursor to ask for the next one with (also when the
 * page is empty: poll with it).
 */
@Schema(name = "ChangePage", requiredProperties = {"changes", "next"})
record ChangePage(List<Change> changes,
                  @Schema(description = "Opaque cursor: pass it as `after` to continue") String next) {
}
