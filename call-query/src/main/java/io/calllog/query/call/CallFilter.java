package io.calllog.query.call;

import java.time.Instant;

/**
 * What {@code GET /api/calls} filters on; {@code null} means "any". {@code from} is inclusive and {@code to} exclusive,
 * both on {@code createdAt}.
 */
public record CallFilter(String campaignUuid, String status, String recordUuid, Instant from, Instant to) {

    public static final CallFilter ANY = new CallFilter(null, null, null, null, null);
}
