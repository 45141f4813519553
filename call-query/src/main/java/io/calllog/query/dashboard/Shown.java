package io.calllog.query.dashboard;

import io.calllog.query.call.CallMatch;
import io.calllog.query.feed.StoredEvent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the pages write values (the templates call it as {@code show}): times in UTC, durations as minutes and
 * seconds, costs with two decimals, a search match with its hits marked, and the htmx trigger of a live row.
 */
public final class Shown {

    static final Shown INSTANCE = new Shown();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** A piece of a snippet: a hit or the text between hits. */
    public record Piece(String text, boolean hit) {
    }

    private Shown() {
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    public String duration(Long seconds) {
        if (seconds == null) {
            return "";
        }
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    public String cost(BigDecimal cost) {
        return cost == null ? "" : cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A status or reason as words: {@code no-answer} reads "no answer". */
    public String words(String value) {
        return value == null ? "" : value.replace('-', ' ');
    }

    /** The snippet cut at its highlights, so that a template marks the hits without writing any HTML itself. */
    public List<Piece> pieces(CallMatch match) {
        List<Piece> pieces = new ArrayList<>();
        String snippet = match.snippet();
        int at = 0;
        for (List<Integer> hit : match.highlights()) {
            int start = Math.max(at, Math.min(hit.get(0), snippet.length()));
            int end = Math.max(start, Math.min(hit.get(1), snippet.length()));
            if (start > at) {
                pieces.add(new Piece(snippet.substring(at, start), false));
            }
            if (end > start) {
                pieces.add(new Piece(snippet.substring(start, end), true));
            }
            at = end;
        }
        if (at < snippet.length()) {
            pieces.add(new Piece(snippet.substring(at), false));
        }
        return pieces;
    }

    /**
     * What a timeline entry says of its event, without the personal data the conversation shows above it: which
     * line, how the call ended, that a summary came, that the call was erased.
     */
    public String what(StoredEvent event) {
        Map<String, Object> data = event.data();
        return switch (event.type()) {
            case "started" -> "started, " + data.get("direction") + ", record " + data.get("recordUuid");
            case "transcript" -> "line " + data.get("seq") + " (" + data.get("role") + ")";
            case "completed" -> "ended " + words(String.valueOf(data.get("status")))
                    + (data.get("endReason") == null ? "" : " (" + words(String.valueOf(data.get("endReason"))) + ")")
                    + ", " + duration(((Number) data.get("duration")).longValue()) + ", cost "
                    + cost(new BigDecimal(String.valueOf(data.get("cost"))));
            case "summarized" -> "summary recorded";
            case "erased" -> "personal data erased";
            default -> event.type();
        };
    }

    /**
     * What a live row of the calls table listens for: the signal that names its call (a uuid holds no quote), read a
     * moment after a burst of them so that one read shows them all.
     */
    public String liveTrigger(String callUuid) {
        return "sse:changed[detail.data=='" + callUuid + "'] delay:100ms";
    }
}
