package io.calllog.query.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A position in a list of calls, as clients store it ({@code next}, passed back as {@code after}): the last call
 * handed out, by the list's order (its {@code createdAt}, then its uuid), and a digest of the filters it was listed
 * with, so that a cursor is refused by a query with other filters. The next page starts after that call, wherever
 * calls created meanwhile fall: a call newer than the cursor is not listed, an older one is listed once, when the
 * page reaches it. Clients see an opaque, versioned string ({@value #VERSION} + base64url).
 *
 * @param createdAt the last call's {@code createdAt}, to the millisecond (as stored)
 * @param uuid      the last call's uuid
 * @param filters   {@link #filtersOf} the list's filters
 */
public record CallCursor(Instant createdAt, String uuid, String filters) {

    static final String VERSION = "k1.";

    public CallCursor {
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(uuid);
        Objects.requireNonNull(filters);
    }

    /** The cursor after this call, in a list with these filters. */
    static CallCursor after(CallView call, CallFilter filter) {
        return new CallCursor(call.createdAt(), call.uuid(), filtersOf(filter));
    }

    /** A short digest of the filters: the same filters give the same digest, in any release that reads this version. */
    static String filtersOf(CallFilter filter) {
        String canonical = String.join("\u0000", String.valueOf(filter.campaignUuid()), String.valueOf(filter.status()),
                String.valueOf(filter.recordUuid()), String.valueOf(filter.from()), String.valueOf(filter.to()),
                String.valueOf(filter.direction()), String.valueOf(filter.endReason()),
                String.valueOf(filter.minDuration()), String.valueOf(filter.maxDuration()),
                filter.minCost() == null ? "null" : filter.minCost().stripTrailingZeros().toPlainString(),
                filter.maxCost() == null ? "null" : filter.maxCost().stripTrailingZeros().toPlainString())
                + (filter.q() == null ? "" : "\u0000q=" + filter.q()); // as before q existed when there is none
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    boolean isFor(CallFilter filter) {
        return filters.equals(filtersOf(filter));
    }

    public String encode() {
        String text = createdAt.toEpochMilli() + "\n" + filters + "\n" + uuid;
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this service handed out */
    public static CallCursor decode(String cursor) {
        if (cursor == null || !cursor.startsWith(VERSION) || cursor.length() > 1_000) {
            throw new IllegalArgumentException("not a cursor of the calls list");
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.substring(VERSION.length())),
                    StandardCharsets.UTF_8);
            String[] parts = text.split("\n", 3);
            if (parts.length != 3 || parts[1].length() != 12 || parts[2].isEmpty()) {
                throw new IllegalArgumentException("not a cursor of the calls list");
            }
            return new CallCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[2], parts[1]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) { // bad base64, number or instant
            throw new IllegalArgumentException("not a cursor of the calls list", e);
        }
    }
}
