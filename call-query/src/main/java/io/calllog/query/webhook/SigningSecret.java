package io.calllog.query.webhook;

import java.time.Instant;

/**
 * One secret an endpoint's messages are signed with: {@code whsec_} and the base64 of its key.
 *
 * @param expiresAt null for the current secret; for one rotated out, when it stops signing
 */
record SigningSecret(String secret, Instant createdAt, Instant expiresAt) {

    boolean liveAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
