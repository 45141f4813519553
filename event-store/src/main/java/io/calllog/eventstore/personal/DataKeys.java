package io.calllog.eventstore.personal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data keys of personal data, in {@code personal_data_key} beside the event store (PostgreSQL, or the embedded
 * H2), and nowhere else: one 256-bit AES key per call, filed under the call's record, made when the call starts and
 * destroyed by an erasure (its bytes set to {@code NULL}; the row stays as the record of the erasure).
 * <p>
 * A key is made in the transaction that appends the call's first event, so that it is committed with the events it
 * seals or not at all; this instance caches it only once that transaction committed. Keys are cached for
 * {@code calllog.personal-data.key-cache-ttl} (10 s by default). An erasure made by this instance takes effect here at
 * once; one made by another instance as soon as this one looks for recent erasures ({@link #forgetErased}, every
 * {@code calllog.personal-data.erasure-poll}, 1 s by default), and at the latest when the key's cache time ends. A read of a key by its number also reads the keys numbered
 * after it (replays and feeds read calls in about the order they started, which is the order their keys were made), so
 * a replay asks the database once per few hundred calls, not once per call.
 */
public class DataKeys {

    static final String TABLE = "personal_data_key";
    private static final int KEY_BYTES = 32;
    private static final int PREFETCH = 512;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration cacheTtl;
    private final SecureRandom random = new SecureRandom();
    private final Cache<Long, DataKey> byId;
    private final Cache<String, DataKey> byCall;
    /** The key of this object's transaction resource: the keys made in the current transaction, by call. */
    private final Object pendingResource = new Object();

    public DataKeys(DataSource dataSource, Duration cacheTtl, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.byId = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(cacheTtl).build();
        this.byCall = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(cacheTtl).build();
    }

    /** The call's key, made (in the current transaction) when the call has none. */
    public DataKey keyFor(String callUuid, String recordUuid) {
        return ofCall(callUuid).orElseGet(() -> create(callUuid, recordUuid));
    }

    /** The call's newest key (destroyed or not), or empty when the call has none. */
    public Optional<DataKey> ofCall(String callUuid) {
        DataKey cached = byCall.getIfPresent(callUuid);
        if (cached != null) {
            return Optional.of(cached);
        }
        Map<String, DataKey> pending = pending(false);
        if (pending != null && pending.containsKey(callUuid)) {
            return Optional.of(pending.get(callUuid));
        }
        List<DataKey> found = jdbc.query("SELECT key_id, call_uuid, data_key FROM " + TABLE
                + " WHERE call_uuid = ? ORDER BY key_id DESC", DataKeys::key, callUuid);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DataKey key = found.stream().filter(candidate -> !candidate.destroyed()).findFirst().orElse(found.get(0));
        cache(key);
        return Optional.of(key);
    }

    /** The key with this number; a number the table does not hold reads as a destroyed key. */
    public DataKey byId(long id) {
        DataKey cached = byId.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        Map<String, DataKey> pending = pending(false);
        if (pending != null) {
            for (DataKey key : pending.values()) {
                if (key.id() == id) {
                    return key;
                }
            }
        }
        DataKey[] wanted = new DataKey[1];
        jdbc.query("SELECT key_id, call_uuid, data_key FROM " + TABLE + " WHERE key_id >= ? AND key_id < ?",
                (ResultSet row) -> {
                    DataKey key = key(row, 0);
                    if (pending == null || !pending.containsKey(key.callUuid())) {
                        byId.put(key.id(), key); // committed: read outside this transaction's own writes
                    }
                    if (key.id() == id) {
                        wanted[0] = key;
                    }
                }, id, id + PREFETCH);
        return wanted[0] != null ? wanted[0] : DataKey.of(id, null, null);
    }

    /**
     * Destroys the keys of this call (in the current transaction): whether it had a live one. This instance forgets
     * them at once and again when the transaction ends, so that no read in between caches them again.
     */
    public boolean destroy(String callUuid) {
        int destroyed = jdbc.update("UPDATE " + TABLE + " SET data_key = NULL, erased_at = ? WHERE call_uuid = ?"
                + " AND data_key IS NOT NULL", Timestamp.from(clock.instant()), callUuid);
        forget(callUuid);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget(callUuid);
                }
            });
        }
        return destroyed > 0;
    }

    /** The record the call's key is filed under, or empty when the call has no key (never started). */
    public Optional<String> recordOf(String callUuid) {
        return jdbc.queryForList("SELECT record_uuid FROM " + TABLE + " WHERE call_uuid = ? ORDER BY key_id DESC",
                String.class, callUuid).stream().findFirst();
    }

    /**
     * Forgets the keys of the calls erased lately (by any instance: the table is shared), so that a key this instance
     * still has in its cache is not used for longer than this interval after its erasure. It looks back over the
     * cache's whole time, so that clocks of instances a few seconds apart miss nothing.
     */
    @Scheduled(initialDelayString = "${calllog.personal-data.erasure-poll}",
            fixedDelayString = "${calllog.personal-data.erasure-poll}")
    public void forgetErased() {
        Timestamp since = Timestamp.from(clock.instant().minus(cacheTtl));
        Set<String> erased = new HashSet<>(jdbc.queryForList("SELECT call_uuid FROM " + TABLE
                + " WHERE erased_at >= ?", String.class, since));
        if (erased.isEmpty()) {
            return;
        }
        byCall.asMap().values().removeIf(key -> !key.destroyed() && erased.contains(key.callUuid()));
        byId.asMap().values().removeIf(key -> !key.destroyed() && erased.contains(key.callUuid()));
    }

    /** The calls filed under this record, oldest first (those erased too). */
    public List<String> callsOf(String recordUuid) {
        return jdbc.queryForList("SELECT call_uuid FROM " + TABLE + " WHERE record_uuid = ? GROUP BY call_uuid"
                + " ORDER BY MIN(key_id)", String.class, recordUuid);
    }

    /**
     * Drops what this instance keeps of the call's key: the next use reads the table. For an erasure made by another
     * instance, as soon as this one learns of it (docs/privacy.md).
     */
    public void forget(String callUuid) {
        DataKey cached = byCall.getIfPresent(callUuid);
        byCall.invalidate(callUuid);
        if (cached != null) {
            byId.invalidate(cached.id());
        }
        byId.asMap().values().removeIf(key -> callUuid.equals(key.callUuid()));
    }

    private DataKey create(String callUuid, String recordUuid) {
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        GeneratedKeyHolder generated = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (call_uuid, record_uuid, data_key, created_at) VALUES (?, ?, ?, ?)", new String[]{"key_id"});
            insert.setString(1, callUuid);
            insert.setString(2, recordUuid);
            insert.setBytes(3, secret);
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            return insert;
        }, generated);
        DataKey key = DataKey.of(generated.getKey().longValue(), callUuid, secret);
        Map<String, DataKey> pending = pending(true);
        if (pending == null) {
            cache(key); // no transaction: committed already
        } else {
            pending.put(callUuid, key);
        }
        return key;
    }

    private void cache(DataKey key) {
        byCall.put(key.callUuid(), key);
        byId.put(key.id(), key);
    }

    /**
     * The keys made in the current transaction (null without one, or when none were made and {@code create} is
     * false); they are cached once it commits and dropped if it rolls back.
     */
    @SuppressWarnings("unchecked")
    private Map<String, DataKey> pending(boolean create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<String, DataKey> pending = (Map<String, DataKey>) TransactionSynchronizationManager.getResource(
                pendingResource);
        if (pending == null && create) {
            Map<String, DataKey> made = new HashMap<>();
            TransactionSynchronizationManager.bindResource(pendingResource, made);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(pendingResource);
                    if (status == STATUS_COMMITTED) {
                        made.values().forEach(DataKeys.this::cache);
                    }
                }
            });
            pending = made;
        }
        return pending;
    }

    private static DataKey key(ResultSet row, int rowNumber) throws SQLException {
        return DataKey.of(row.getLong(1), row.getString(2), row.getBytes(3));
    }
}
