package io.calllog.query.webhook;

import io.calllog.eventstore.personal.DataKeys;
import io.calllog.query.feed.ChangeCursor;
import io.calllog.query.feed.ChangeFeed;
import io.calllog.query.feed.ChangeType;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The recent events of the change feed, read once for every endpoint this instance delivers: each endpoint that is
 * up to date takes its next page from here instead of reading (and deserialising) the event store itself; one that
 * is behind the window reads the feed directly until it catches up. The window follows the feed as any reader does
 * (Axon's gap-aware tokens: an event whose transaction commits late comes when it commits), from the head when it is
 * first asked, and keeps the last {@value #CAPACITY} events. An erasure it reads makes this instance forget the call's
 * data key at once ({@link DataKeys#forget}), whichever instance erased it, so that no message of the call is made from
 * a key this instance still had in its cache.
 */
@Component
class FeedWindow {

    static final int CAPACITY = 20_000;
    private static final int READ = 1_000;

    private final ChangeFeed feed;
    private final DataKeys keys;
    private final long refreshNanos;
    /** Each event read, in the order read; {@code first} is the number of the first kept. */
    private List<ChangeFeed.Positioned> events = new ArrayList<>();
    private long first;
    /** Before the first event kept, and after the last: null until the window is first asked. */
    private ChangeCursor start;
    private ChangeCursor end;
    private long readAt;

    FeedWindow(ChangeFeed feed, WebhookProperties properties, DataKeys keys) {
        this.feed = feed;
        this.keys = keys;
        this.refreshNanos = properties.pollInterval().toNanos() / 2;
    }

    /**
     * The events after {@code cursor} (up to {@code limit}), and the cursor after them; {@code mark} is the
     * {@link Slice#mark} of the slice that gave this cursor (everything before it is behind the cursor), or -1.
     *
     * @return null when the window does not hold every event after the cursor: read the feed directly
     */
    synchronized Slice after(ChangeCursor cursor, long mark, int limit) {
        refresh();
        if (!start.isCoveredBy(cursor)) {
            return null; // the cursor is behind the window (or has events the window's start has not: a gap)
        }
        List<ChangeFeed.Positioned> page = new ArrayList<>(Math.min(limit, 256));
        ChangeCursor position = cursor;
        int from = (int) Math.max(0, mark - first);
        int at = from;
        for (; at < events.size() && page.size() < limit; at++) {
            ChangeFeed.Positioned event = events.get(at);
            if (!cursor.covers(event.index())) {
                page.add(event);
                position = position.with(event.index());
            }
        }
        if (at == events.size() && cursor.isCoveredBy(end)) {
            position = end; // the whole window taken: exactly where its reader is
        }
        return new Slice(page, position, first + at);
    }

    /** A page of the window: its events, the cursor after them, and where the next page starts looking. */
    record Slice(List<ChangeFeed.Positioned> events, ChangeCursor after, long mark) {
    }

    private void refresh() {
        long now = System.nanoTime();
        if (start == null) {
            start = feed.head();
            end = start;
            readAt = now - refreshNanos;
        }
        if (now - readAt < refreshNanos) {
            return;
        }
        readAt = now;
        for (List<ChangeFeed.Positioned> read = feed.read(end, READ); !read.isEmpty(); read = feed.read(end, READ)) {
            events.addAll(read);
            read.stream().map(ChangeFeed.Positioned::change)
                    .filter(change -> change != null && change.type().equals(ChangeType.ERASED.toString()))
                    .forEach(change -> keys.forget(change.callUuid()));
            end = read.get(read.size() - 1).after();
            if (read.size() < READ) {
                break;
            }
        }
        if (events.size() > CAPACITY * 3 / 2) {
            int dropped = events.size() - CAPACITY;
            start = events.get(dropped - 1).after();
            events = new ArrayList<>(events.subList(dropped, events.size()));
            first += dropped;
        }
    }
}
