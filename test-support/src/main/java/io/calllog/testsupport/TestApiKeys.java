package io.calllog.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The API keys every test context accepts ({@code config/application.properties} of this module holds their hashes).
 * {@link ApiClient} sends {@link #ALL_ROLES} unless told otherwise.
 */
public final class TestApiKeys {

    public static final String INGEST = "test-ingest-key";
    public static final String READ = "test-read-key";
    public static final String ADMIN = "test-admin-key";
    public static final String PRIVACY = "test-privacy-key";
    public static final String ALL_ROLES = "test-all-roles-key";

    private TestApiKeys() {
    }

    /**
     * The arguments that make a runnable started outside a test context (a jar, {@link AppProcess}) accept
     * {@link #ALL_ROLES}: only its hash, as in production.
     */
    public static List<String> allRolesKeyArguments() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ALL_ROLES.getBytes(StandardCharsets.UTF_8));
            return List.of("--calllog.access.keys.test-all.sha256=" + HexFormat.of().formatHex(hash),
                    "--calllog.access.keys.test-all.roles=ingest,read,admin,privacy");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
