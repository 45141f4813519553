package io.calllog.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The keys that may call the service, each kept as the SHA-256 hash of the key.
 * <p>
 * Why SHA-256 and not a password hash (bcrypt, argon2): the keys are 256 random bits, so no dictionary or brute force
 * applies, and a password hash would cost tens of milliseconds of CPU on every request. A presented key is hashed and
 * compared with every known hash in constant time ({@link MessageDigest#isEqual}), without stopping at a match, so
 * the time taken says nothing about which key, or how much of one, was right.
 */
public final class ApiKeys {

    /** What a created key starts with, so that a leaked one is easy to recognise (secret scanners, logs). */
    static final String PREFIX = "clk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<ApiKey> keys;

    ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The key with this value, if it is one of ours. */
    Optional<ApiKey> verify(String presented) {
        byte[] hash = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(key.sha256(), hash) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    int size() {
        return keys.size();
    }

    /** A new key: {@value #PREFIX} and 256 random bits, base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of a key, as {@code calllog.access.keys.<name>.sha256} expects it. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
