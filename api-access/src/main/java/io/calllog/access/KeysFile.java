package io.calllog.access;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A file of API key hashes, in the embedded default's data directory ({@code api-keys.properties}):
 * <pre>
 * ingest.sha256=&lt;hex&gt;
 * ingest.roles=ingest
 * </pre>
 * the same shape as the {@code calllog.access.keys.*} properties. {@link #create} writes one key per role, readable by
 * its owner only where the file system allows it, and returns the keys: they exist nowhere else afterwards.
 */
final class KeysFile {

    private KeysFile() {
    }

    static List<ApiKey> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API keys file " + file, e);
        }
        Set<String> names = new TreeSet<>();
        for (String property : properties.stringPropertyNames()) {
            int dot = property.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalStateException("the API keys file " + file + " has '" + property
                        + "': expected <name>.sha256 and <name>.roles");
            }
            names.add(property.substring(0, dot));
        }
        List<ApiKey> keys = new ArrayList<>();
        for (String name : names) {
            keys.add(key(name, properties.getProperty(name + ".sha256"), properties.getProperty(name + ".roles"), file));
        }
        return keys;
    }

    /** Creates the file with a new key per role; fails if it exists. Returns role name to key. */
    static Map<Role, String> create(Path file) {
        Map<Role, String> created = new LinkedHashMap<>();
        StringBuilder content = new StringBuilder("""
                # API keys of this Call Log Service, created on its first start. Only the SHA-256 hash of each key is
                # kept: the keys were printed once. To replace them, stop the service, delete this file and start it.
                """);
        for (Role role : Role.values()) {
            String key = ApiKeys.generate();
            created.put(role, key);
            content.append(role.key()).append(".sha256=").append(ApiKeys.sha256Hex(key)).append('\n')
                    .append(role.key()).append(".roles=").append(role.key()).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file);
            restrictToOwner(file);
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
                writer.write(content.toString());
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("the API keys file " + file + " appeared while keys were created", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the API keys file " + file, e);
        }
        return created;
    }

    /**
     * Adds a key for each role that no key of the file holds (a file created before the role existed), appended to
     * the file; returns role to key, empty when every role has one.
     */
    static Map<Role, String> addMissingRoles(Path file, List<ApiKey> keys) {
        Map<Role, String> added = new LinkedHashMap<>();
        StringBuilder content = new StringBuilder();
        for (Role role : Role.values()) {
            boolean held = keys.stream().anyMatch(key -> key.roles().contains(role));
            if (held) {
                continue;
            }
            String name = role.key();
            while (taken(keys, name)) {
                name = name + "-key";
            }
            String key = ApiKeys.generate();
            added.put(role, key);
            content.append(name).append(".sha256=").append(ApiKeys.sha256Hex(key)).append('\n')
                    .append(name).append(".roles=").append(role.key()).append('\n');
        }
        if (!added.isEmpty()) {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                writer.write(content.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot add keys to the API keys file " + file, e);
            }
        }
        return added;
    }

    private static boolean taken(List<ApiKey> keys, String name) {
        return keys.stream().anyMatch(key -> key.name().equals(name));
    }

    static ApiKey key(String name, String sha256, String roles, Object source) {
        if (sha256 == null || !sha256.trim().matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException("API key '" + name + "' in " + source
                    + ": sha256 must be the 64 hex digits of the key's SHA-256");
        }
        if (roles == null || roles.isBlank()) {
            throw new IllegalStateException("API key '" + name + "' in " + source
                    + ": roles must name at least one of ingest, read, admin, privacy");
        }
        EnumSet<Role> parsed = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).filter(role -> !role.isBlank()).map(Role::of).forEach(parsed::add);
        return new ApiKey(name, HexFormat.of().parseHex(sha256.trim().toLowerCase()), Set.copyOf(parsed));
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }
}
