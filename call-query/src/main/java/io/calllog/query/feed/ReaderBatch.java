package io.calllog.query.feed;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * What the shared reader hands every subscriber at once: the stored events of one read, in order, and its position
 * before them. A subscriber at that position with no filter sends all of them as they are, so their frames are made
 * once, joined, and written as one array to every such client.
 */
final class ReaderBatch {

    private final ChangeCursor before;
    private final List<ChangeFeed.Positioned> events;
    private volatile byte[] frames;

    /** @param before the position the events follow; null if unknown (a subscriber then takes them one by one) */
    ReaderBatch(ChangeCursor before, List<ChangeFeed.Positioned> events) {
        this.before = before;
        this.events = List.copyOf(events);
    }

    ChangeCursor before() {
        return before;
    }

    List<ChangeFeed.Positioned> events() {
        return events;
    }

    int size() {
        return events.size();
    }

    ChangeCursor after() {
        return events.get(events.size() - 1).after();
    }

    /** Every change's frame, each with the cursor after it as its id, joined (made once: a benign race). */
    byte[] frames() {
        byte[] made = frames;
        if (made == null) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream(events.size() * 512);
            for (ChangeFeed.Positioned event : events) {
                if (event.change() != null) {
                    joined.writeBytes(event.frame());
                }
            }
            made = joined.toByteArray();
            frames = made;
        }
        return made;
    }
}
