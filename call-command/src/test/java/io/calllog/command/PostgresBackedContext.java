package io.calllog.command;

import io.calllog.testsupport.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.UUID;

/**
 * The command side against a real PostgreSQL (Testcontainers or embedded, see {@link TestPostgres}), one fresh
 * database per application context. Tests isolate themselves by using their own call ids ({@link #newCallUuid()}).
 */
@SpringBootTest
public abstract class PostgresBackedContext {

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
    }

    protected static String newCallUuid() {
        return "call_" + UUID.randomUUID();
    }

    protected int storedEvents(String callUuid) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Integer.class, callUuid);
        return count == null ? 0 : count;
    }

    /** The payload types of a call's events in sequence order, without package ({@code CallStarted}, ...). */
    protected List<String> storedEventTypes(String callUuid) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number", String.class, callUuid).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    /** The sequence numbers of a call's events, in order. */
    protected List<Long> storedSequenceNumbers(String callUuid) {
        return jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", Long.class, callUuid);
    }
}
