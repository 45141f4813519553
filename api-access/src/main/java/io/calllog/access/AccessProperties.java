package io.calllog.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The API keys, from properties or the environment:
 * <pre>
 * calllog.access.keys.dashboard.sha256=&lt;hex SHA-256 of the key&gt;   # CALLLOG_ACCESS_KEYS_DASHBOARD_SHA256
 * calllog.access.keys.dashboard.roles=read                        # CALLLOG_ACCESS_KEYS_DASHBOARD_ROLES
 * </pre>
 * and, where {@code keysFile} is set, the keys in that file (see {@link KeysFile}). With {@code createKeys} and no key
 * anywhere, the first start creates one key per role in {@code keysFile} and prints them once: the embedded default.
 */
@ConfigurationProperties("calllog.access")
record AccessProperties(Map<String, Key> keys, Path keysFile, boolean createKeys) {

    AccessProperties {
        keys = keys == null ? Map.of() : keys;
    }

    /** One configured key: its hash, never the key itself, and its roles. */
    record Key(String sha256, List<String> roles) {
    }
}
