package io.calllog.query.call;

import io.calllog.events.EndReason;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/calls} filters on; {@code null} means "any". {@code from} is inclusive and {@code to} exclusive,
 * both on {@code createdAt}; the duration (seconds) and cost bounds are inclusive, and a call still in progress (no
 * duration, no cost yet) matches no bound. {@code q} is the transcript search as given ({@link SearchQuery}).
 */
public record CallFilter(String campaignUuid, String status, String recordUuid, Instant from, Instant to,
                         String direction, String endReason, Long minDuration, Long maxDuration,
                         BigDecimal minCost, BigDecimal maxCost, String q) {

    /** The longest transcript search ({@code q}) taken. */
    public static final int MAX_SEARCH_LENGTH = SearchQuery.MAX_LENGTH;

    public static final CallFilter ANY = new CallFilter(null, null, null, null, null);

    /**
     * The fields of a call that lists filter and sort on: all that a list's search needs (the embedded default's
     * mirror of {@code calls} holds only these).
     */
    public static final List<String> FIELDS = List.of("campaignUuid", "recordUuid", "status", "createdAt", "direction",
            "endReason", "duration", "cost");

    /** A call's list entry: its {@code _id} and its {@link #FIELDS}, what a mirror of {@code calls} keeps. */
    public static Document entryOf(Document call) {
        Document entry = new Document("_id", call.get("_id"));
        FIELDS.forEach(field -> entry.append(field, call.get(field)));
        return entry;
    }

    /** The seed's filters only. */
    public CallFilter(String campaignUuid, String status, String recordUuid, Instant from, Instant to) {
        this(campaignUuid, status, recordUuid, from, to, null, null, null, null, null, null, null);
    }

    /**
     * The filters of a list or an export, checked together (what one parameter's constraint cannot check alone):
     * {@code to} after {@code from}, a known {@code endReason}, each minimum not above its maximum, a {@code q} that
     * parses. Every fault is named in one {@link InvalidQueryException}.
     */
    public static CallFilter checked(String campaignUuid, String status, String recordUuid, OffsetDateTime from,
                                     OffsetDateTime to, String direction, String endReason, Long minDuration,
                                     Long maxDuration, BigDecimal minCost, BigDecimal maxCost, String q) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidQueryException(List.of(
                    new FieldError("to", "must be after from (from is inclusive, to exclusive)")));
        }
        List<FieldError> errors = new ArrayList<>();
        if (endReason != null && Arrays.stream(EndReason.values()).noneMatch(r -> r.toString().equals(endReason))) {
            errors.add(new FieldError("endReason", "must be one of " + Arrays.stream(EndReason.values())
                    .map(EndReason::toString).collect(Collectors.joining(", "))));
        }
        if (minDuration != null && maxDuration != null && minDuration > maxDuration) {
            errors.add(new FieldError("maxDuration", "must not be below minDuration"));
        }
        if (minCost != null && maxCost != null && minCost.compareTo(maxCost) > 0) {
            errors.add(new FieldError("maxCost", "must not be below minCost"));
        }
        if (q != null) {
            try {
                SearchQuery.parse(q);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("q", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return new CallFilter(campaignUuid, status, recordUuid,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), direction, endReason,
                minDuration, maxDuration, minCost, maxCost, q);
    }

    /** The transcript search asked for, or null. */
    SearchQuery search() {
        return q == null ? null : SearchQuery.parse(q);
    }

    /** Whether it bounds a range (dates, duration, cost), which the term index does not hold. */
    boolean hasBounds() {
        return from != null || to != null || minDuration != null || maxDuration != null || minCost != null
                || maxCost != null;
    }

    /** Whether a call (its document, or its entry with {@link #FIELDS}) passes every filter but {@code q}. */
    boolean admits(Document call) {
        return is(campaignUuid, call, "campaignUuid") && is(status, call, "status")
                && is(recordUuid, call, "recordUuid") && is(direction, call, "direction")
                && is(endReason, call, "endReason")
                && within(from == null ? null : from.toEpochMilli(), to == null ? null : to.toEpochMilli() - 1,
                call.get("createdAt") instanceof Date date ? date.getTime() : null)
                && within(minDuration, maxDuration, call.get("duration") instanceof Number n ? n.longValue() : null)
                && within(minCost, maxCost, call.get("cost") instanceof Decimal128 d ? d.bigDecimalValue() : null);
    }

    private static boolean is(String wanted, Document call, String field) {
        return wanted == null || Objects.equals(wanted, call.get(field));
    }

    private static <T extends Comparable<? super T>> boolean within(T min, T max, T value) {
        if (min == null && max == null) {
            return true;
        }
        return value != null && (min == null || min.compareTo(value) <= 0) && (max == null || value.compareTo(max) <= 0);
    }
}
