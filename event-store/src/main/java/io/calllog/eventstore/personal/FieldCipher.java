package io.calllog.eventstore.personal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals one personal field of an event with the JDK's AES-GCM (no library beyond the Java runtime): a random 96-bit
 * nonce per field, a 128-bit tag, and the call and the field's name as associated data, so that a sealed value cannot
 * be moved to another call or field unnoticed. A sealed field is stored in the event's JSON as
 * {@code {"key": <the key's number>, "gcm": "<base64 of nonce, ciphertext and tag>"}} where the plain field was a
 * string, which is how a reader tells them apart (events stored before encryption hold strings).
 */
final class FieldCipher {

    static final String KEY = "key";
    static final String SEALED = "gcm";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES/GCM/NoPadding", e);
        }
    });

    private final SecureRandom random = new SecureRandom();

    ObjectNode seal(DataKey key, String callUuid, String field, String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = AES_GCM.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.cipherKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(callUuid, field));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put(KEY, key.id());
            node.put(SEALED, Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array()));
            return node;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a field of call " + callUuid + " failed", e);
        }
    }

    static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && value.has(KEY) && value.has(SEALED);
    }

    static long keyOf(JsonNode sealed) {
        return sealed.get(KEY).asLong();
    }

    /** The plain text of a sealed field, with its live key. */
    String open(DataKey key, String callUuid, String field, String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        Cipher cipher = AES_GCM.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.cipherKey(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(callUuid, field));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("field " + field + " of call " + callUuid
                    + " does not open with key " + key.id() + ": altered, or sealed for another call or field", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening field " + field + " of call " + callUuid + " failed", e);
        }
    }

    private static byte[] associatedData(String callUuid, String field) {
        return (callUuid + '\0' + field).getBytes(StandardCharsets.UTF_8);
    }
}
