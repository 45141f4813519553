package io.calllog.query.call;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/calls} filters on; {@code null} means "any". {@code from} is inclusive and {@code to} exclusive,
 * both on {@code createdAt}; the duration (seconds) and cost bounds are inclusive, and a call still in progress (no
 * duration, no cost yet) matches no bound.
 */
public record CallFilter(String campaignUuid, String status, String recordUuid, Instant from, Instant to,
                         String direction, String endReason, Long minDuration, Long maxDuration,
                         BigDecimal minCost, BigDecimal maxCost) {

    public static final CallFilter ANY = new CallFilter(null, null, null, null, null);

    /**
     * The fields of a call that lists filter and sort on: all that a list's search needs (the embedded default's
     * mirror of {@code calls} holds only these).
     */
    public static final List<String> FIELDS = List.of("campaignUuid", "recordUuid", "status", "createdAt", "direction",
            "endReason", "duration", "cost");

    /** The seed's filters only. */
    public CallFilter(String campaignUuid, String status, String recordUuid, Instant from, Instant to) {
        this(campaignUuid, status, recordUuid, from, to, null, null, null, null, null, null);
    }
}
