package io.calllog.access;

import java.util.Locale;

/** What an API key may do. A key holds one or more roles; no role implies another. */
public enum Role {
    /** Post events: the ingestion API. */
    INGEST,
    /** Read calls and reports: the Calls API, the reports, the API description. */
    READ,
    /** Administer: projection administration, dead letters, metrics and the detailed health. */
    ADMIN,
    /**
     * Erase personal data (docs/privacy.md): destroys data for good, so no other role implies it, {@code admin}
     * included.
     */
    PRIVACY;

    /** The name used in properties, in the keys file and in problems: {@code ingest}, {@code read}, {@code admin},
     * {@code privacy}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Spring Security's authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    static Role of(String key) {
        try {
            return valueOf(key.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + key + "': expected ingest, read, admin or privacy", e);
        }
    }
}
