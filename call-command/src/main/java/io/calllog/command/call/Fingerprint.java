package io.calllog.command.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A short, collision-resistant digest of a text (the first 128 bits of its SHA-256). The {@link Call} aggregate keeps
 * digests instead of transcript texts, so its state (and its snapshots) stays small however long the lines are, while
 * it can still tell a repeated line from a different one.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(String... parts) {
        MessageDigest sha256 = sha256();
        for (String part : parts) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256.digest(), 16));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
