package io.calllog.query.feed;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A position in the change feed, as clients store it: the event store's global index of the last change handed out,
 * and the gaps below it, the indexes of transactions that had not committed yet when it was handed out (a later page
 * delivers them when they commit, so nothing is skipped: brief section 2's gap case). Clients see it as an opaque,
 * versioned string ({@value #VERSION} + base64url); a later version of the service reads every earlier version.
 *
 * @param index the global index of the last event read; -1 before the first
 * @param gaps  indexes below {@code index} not yet committed when it was read
 */
public record ChangeCursor(long index, SortedSet<Long> gaps) {

    static final String VERSION = "c1.";
    /** More gaps than this cannot come from this service: such a cursor is refused rather than read. */
    static final int MAX_GAPS = 10_000;

    public ChangeCursor {
        gaps = new TreeSet<>(gaps);
    }

    /** Before the first event: following from here reads everything. */
    public static ChangeCursor start() {
        return of(null);
    }

    static ChangeCursor of(TrackingToken token) {
        if (token == null) {
            return new ChangeCursor(-1, new TreeSet<>());
        }
        GapAwareTrackingToken gapAware = WrappedToken.unwrap(token, GapAwareTrackingToken.class)
                .orElseThrow(() -> new IllegalStateException("the event store tracks with gap-aware tokens, not "
                        + token.getClass().getSimpleName()));
        return new ChangeCursor(gapAware.getIndex(), gapAware.getGaps());
    }

    /** The event store's token to read after this position; null before the first event. */
    TrackingToken token() {
        return index < 0 && gaps.isEmpty() ? null : GapAwareTrackingToken.newInstance(index, gaps);
    }

    /**
     * The global index of the event that moved this position to {@code next}: a new highest index, or else the gap it
     * filled (the lowest gap that is gone, when Axon also dropped expired gaps at the same read).
     */
    long indexOfNext(ChangeCursor next) {
        if (next.index > index) {
            return next.index;
        }
        return gaps.stream().filter(gap -> !next.gaps.contains(gap)).findFirst().orElse(next.index);
    }

    /** Whether the event at this global index is behind this position (read, not waiting in a gap). */
    public boolean covers(long eventIndex) {
        return eventIndex <= index && !gaps.contains(eventIndex);
    }

    /** Whether everything this position has read, {@code other} has read too (so {@code other} may replace it). */
    public boolean isCoveredBy(ChangeCursor other) {
        if (index > other.index) {
            return false;
        }
        if (other.gaps.isEmpty() || other.gaps.first() > index) { // the common case, for every subscriber and event
            return true;
        }
        return other.gaps.headSet(index + 1).stream().allMatch(gaps::contains);
    }

    /** This position with the event at {@code eventIndex} read too. */
    public ChangeCursor with(long eventIndex) {
        SortedSet<Long> moved = new TreeSet<>(gaps);
        if (eventIndex <= index) {
            moved.remove(eventIndex);
            return new ChangeCursor(index, moved);
        }
        for (long skipped = index + 1; skipped < eventIndex; skipped++) {
            moved.add(skipped);
        }
        return new ChangeCursor(eventIndex, moved);
    }

    public String encode() {
        StringBuilder text = new StringBuilder().append(index);
        if (!gaps.isEmpty()) {
            text.append(':');
            gaps.forEach(gap -> text.append(gap).append(','));
            text.setLength(text.length() - 1);
        }
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this service handed out */
    public static ChangeCursor decode(String cursor) {
        if (cursor == null || !cursor.startsWith(VERSION) || cursor.length() > 200_000) {
            throw new IllegalArgumentException("not a cursor of this feed");
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.substring(VERSION.length())),
                    StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            long index = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
            SortedSet<Long> gaps = new TreeSet<>();
            if (colon >= 0) {
                for (String gap : text.substring(colon + 1).split(",", MAX_GAPS + 1)) {
                    gaps.add(Long.parseLong(gap));
                }
            }
            if (index < -1 || gaps.size() > MAX_GAPS || (!gaps.isEmpty() && (gaps.first() < 0 || gaps.last() >= index))) {
                throw new IllegalArgumentException("not a cursor of this feed");
            }
            return new ChangeCursor(index, gaps);
        } catch (IllegalArgumentException e) { // NumberFormatException and bad base64 included
            throw new IllegalArgumentException("not a cursor of this feed", e);
        }
    }

    static ChangeCursor at(long index, Collection<Long> gaps) {
        return new ChangeCursor(index, new TreeSet<>(gaps));
    }
}
