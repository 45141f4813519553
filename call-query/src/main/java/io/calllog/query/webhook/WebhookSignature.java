package io.calllog.query.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signing: a secret is {@code whsec_} and the base64 of 24 random bytes; a message's
 * {@code webhook-signature} is {@code v1,} and the base64 of the HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"}
 * under each live secret, space-separated.
 */
final class WebhookSignature {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    static String header(String id, long timestamp, byte[] body, List<SigningSecret> secrets) {
        return secrets.stream().map(secret -> "v1," + sign(id, timestamp, body, secret.secret()))
                .collect(Collectors.joining(" "));
    }

    static String sign(String id, long timestamp, byte[] body, String secret) {
        try {
            Mac mac = MACS.get();
            mac.init(KEYS.computeIfAbsent(secret, s -> new SecretKeySpec(Base64.getDecoder()
                    .decode(s.substring(PREFIX.length())), "HmacSHA256")));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** One MAC per thread (a Mac is not thread-safe; looking one up per message costs more than signing). */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    });
    /** The keys of the secrets in use, decoded once; a few per endpoint, and gone with the process. */
    private static final java.util.Map<String, SecretKeySpec> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
}
