package io.calllog.eventstore.personal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seals the personal data of events stored before encryption existed, in place, once: migration
 * {@code V2__personal_data_keys} noted the last event that can hold plain text ({@code plaintext_until}); this
 * reads the events up to it in order, in transactions of {@value #CHUNK}, makes each call's key from its first
 * event, seals every personal field still held as a string and writes the payload back, and notes how far it got
 * ({@code sealed_until}), so that a stop in the middle resumes where it was. It runs where the event store is written
 * (call-command, and the all-in-one app), as the application starts, before events are handled or taken. Rewriting a
 * stored event is otherwise never done; this is the one exception, because plain text must not stay.
 * <p>
 * Afterwards the old pages must go too: on PostgreSQL a {@code VACUUM FULL} of the event table rewrites it (dead row
 * versions would keep the plain text); the embedded H2 file is compacted fully at the next clean stop
 * ({@code afterRewrite} asks for it). Copies made before the upgrade (backups, PostgreSQL's archived WAL, dead letters
 * of the previous release) are out of its reach: docs/privacy.md.
 */
public class PlaintextUpgrade {

    private static final Logger log = LoggerFactory.getLogger(PlaintextUpgrade.class);
    static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DataKeys keys;
    private final ObjectMapper json;
    private final Runnable afterRewrite;
    private final FieldCipher cipher = new FieldCipher();
    private final Map<String, PersonalFields> fields = new HashMap<>();

    public PlaintextUpgrade(DataSource dataSource, PlatformTransactionManager transactionManager, DataKeys keys,
                            Runnable afterRewrite) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.keys = keys;
        this.json = SealedStrings.treeMapper();
        this.afterRewrite = afterRewrite;
    }

    /** Seals what is left to seal: the number of events rewritten. */
    public long run() {
        long until = jdbc.queryForObject("SELECT plaintext_until FROM personal_data_upgrade", Long.class);
        long sealed = jdbc.queryForObject("SELECT sealed_until FROM personal_data_upgrade", Long.class);
        if (sealed >= until) {
            return 0;
        }
        log.info("Sealing the personal data of the events stored before encryption (up to event {}, from {})",
                until, sealed);
        long rewritten = 0;
        while (sealed < until) {
            long from = sealed;
            long[] chunk = transactions.execute(status -> chunk(from, until));
            sealed = chunk[0];
            rewritten += chunk[1];
        }
        log.info("Sealed the personal data of {} events stored before encryption", rewritten);
        if (rewritten > 0) {
            vacuumOnPostgres();
            afterRewrite.run();
        }
        return rewritten;
    }

    /** One chunk after {@code from}: how far it got, and how many events it rewrote. */
    private long[] chunk(long from, long until) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT global_index, payload_type, payload"
                + " FROM domain_event_entry WHERE global_index > ? AND global_index <= ? ORDER BY global_index"
                + " LIMIT " + CHUNK, from, until);
        long last = rows.isEmpty() ? until : ((Number) rows.get(rows.size() - 1).get("global_index")).longValue();
        long rewritten = 0;
        for (Map<String, Object> row : rows) {
            PersonalFields personal = fields.computeIfAbsent((String) row.get("payload_type"), PlaintextUpgrade::of);
            if (!personal.any()) {
                continue;
            }
            byte[] payload = sealed((byte[]) row.get("payload"), personal);
            if (payload != null) {
                jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", payload,
                        row.get("global_index"));
                rewritten++;
            }
        }
        jdbc.update("UPDATE personal_data_upgrade SET sealed_until = ?", last);
        return new long[]{last, rewritten};
    }

    /** The payload with its plain personal fields sealed, or null when it holds none (and its call's key made). */
    private byte[] sealed(byte[] payload, PersonalFields personal) {
        try {
            ObjectNode event = (ObjectNode) json.readTree(payload);
            String callUuid = event.path("callUuid").asText();
            if (personal.subject() != null) {
                keys.keyFor(callUuid, event.path(personal.subject().getName()).asText());
            }
            boolean changed = false;
            for (PersonalFields.Field field : personal.personal()) {
                JsonNode value = event.get(field.name());
                if (value != null && value.isTextual()) {
                    DataKey key = keys.ofCall(callUuid).orElseThrow(() -> new IllegalStateException("call "
                            + callUuid + " has events but no first event before them"));
                    event.set(field.name(), cipher.seal(key, callUuid, field.name(), value.textValue()));
                    changed = true;
                }
            }
            return changed ? json.writeValueAsBytes(event) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("an event stored before encryption does not read as JSON", e);
        }
    }

    private static PersonalFields of(String payloadType) {
        try {
            return PersonalFields.of(Class.forName(payloadType));
        } catch (ClassNotFoundException e) {
            return PersonalFields.NONE;
        }
    }

    private void vacuumOnPostgres() {
        jdbc.execute((Connection connection) -> {
            if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(true);
                try (var statement = connection.createStatement()) {
                    statement.execute("VACUUM FULL domain_event_entry");
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            }
            return null;
        });
    }
}
