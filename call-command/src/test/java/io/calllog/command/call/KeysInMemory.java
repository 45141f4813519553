package io.calllog.command.call;

import io.calllog.eventstore.personal.DataKeys;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The aggregate's data keys for fixture tests: the real {@link DataKeys} on an H2 database in memory, with the event
 * store's schema (Flyway's migrations), one per test.
 */
final class KeysInMemory {

    private KeysInMemory() {
    }

    static DataKeys newKeys() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:keys_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/eventstore").load().migrate();
        return new DataKeys(dataSource, Duration.ofMinutes(1), Clock.systemUTC());
    }
}
