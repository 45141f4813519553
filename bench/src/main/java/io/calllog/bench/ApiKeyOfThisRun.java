package io.calllog.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The benchmarks' API key and its hash. Written out here rather than taken from api-access: the ingestion baseline
 * runs on this module's classpath, where Spring Security would secure it too.
 */
final class ApiKeyOfThisRun {

    private ApiKeyOfThisRun() {
    }

    static String create() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "bench_" + HexFormat.of().formatHex(bytes);
    }

    static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
