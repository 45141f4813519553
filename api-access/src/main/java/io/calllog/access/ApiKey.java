package io.calllog.access;

import java.util.Set;

/**
 * One API key as the service knows it: a name for logs and metrics, the SHA-256 hash of the key (never the key), and
 * its roles.
 */
record ApiKey(String name, byte[] sha256, Set<Role> roles) {
}
