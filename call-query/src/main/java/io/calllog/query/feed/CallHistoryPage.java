package io.calllog.query.feed;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of one call's stored history, oldest first.
 *
 * @param next the {@code after} that asks for the next page; null when this page reached the call's last event
 */
@Schema(name = "CallHistoryPage", requiredProperties = {"callUuid", "events", "next"})
record CallHistoryPage(String callUuid, List<StoredEvent> events,
                       @Schema(nullable = true, description = "Pass as `after` for the next page; null at the end")
                       Long next) {
}
