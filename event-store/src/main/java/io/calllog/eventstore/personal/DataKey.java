package io.calllog.eventstore.personal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * One call's data key, as {@link DataKeys} hands it out: the AES key its personal data is sealed with, and a second
 * key derived from it for digests ({@link #digest}); both {@code null} once the key is destroyed.
 *
 * @param id       the key's number in {@code personal_data_key}, stored beside every field it sealed
 * @param callUuid the call it belongs to
 */
public record DataKey(long id, String callUuid, SecretKeySpec cipherKey, SecretKeySpec digestKey) {

    private static final byte[] DIGEST_LABEL = "calllog digest v1".getBytes(StandardCharsets.UTF_8);
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    });

    static DataKey of(long id, String callUuid, byte[] secret) {
        if (secret == null) {
            return new DataKey(id, callUuid, null, null);
        }
        SecretKeySpec cipherKey = new SecretKeySpec(secret, "AES");
        byte[] derived = hmac(new SecretKeySpec(secret, "HmacSHA256"), DIGEST_LABEL);
        return new DataKey(id, callUuid, cipherKey, new SecretKeySpec(derived, "HmacSHA256"));
    }

    public boolean destroyed() {
        return cipherKey == null;
    }

    /**
     * A digest of these texts keyed by this call's key (the first 128 bits of an HMAC-SHA256): the same texts give the
     * same digest while the key lives, and once it is destroyed nothing can tell which texts a digest was made of.
     */
    public String digest(String... parts) {
        if (destroyed()) {
            throw new IllegalStateException("the data key of call " + callUuid + " is destroyed");
        }
        Mac mac = HMAC.get();
        try {
            mac.init(digestKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (String part : parts) {
            mac.update(part.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
        }
        return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac.doFinal(), 16));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data);
    }

    @Override
    public String toString() {
        return "DataKey[" + id + ", call " + callUuid + (destroyed() ? ", destroyed]" : "]"); // never the key
    }
}
