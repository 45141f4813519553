package io.calllog.query.feed;

import io.calllog.query.call.CallView;

import java.util.List;

/**
 * One call read straight from the event store: the call as its events make it (as {@code GET /api/calls/{uuid}} shows
 * it once projected), its timeline, and the feed's position before they were read, from which a live view follows
 * ({@link ChangeSignals}) without missing what was stored in between.
 *
 * @param timeline every stored event of the call, oldest first
 * @param position a change feed cursor at or before the call's last event
 */
public record CallStory(CallView call, List<StoredEvent> timeline, String position) {
}
