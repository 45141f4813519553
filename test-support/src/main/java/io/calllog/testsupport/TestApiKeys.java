package io.calllog.testsupport;

/**
 * The API keys every test context accepts ({@code config/application.properties} of this module holds their hashes).
 * {@link ApiClient} sends {@link #ALL_ROLES} unless told otherwise.
 */
public final class TestApiKeys {

    public static final String INGEST = "test-ingest-key";
    public static final String READ = "test-read-key";
    public static final String ADMIN = "test-admin-key";
    public static final String ALL_ROLES = "test-all-roles-key";

    private TestApiKeys() {
    }
}
