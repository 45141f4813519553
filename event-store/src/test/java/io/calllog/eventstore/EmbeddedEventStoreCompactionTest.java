package io.calllog.eventstore;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compaction of the embedded event store against a real H2 file opened as the embedded default opens it. It
 * reaches into H2's engine, so this test is also the canary for an H2 upgrade that changes what it uses.
 */
class EmbeddedEventStoreCompactionTest {

    @TempDir
    Path dataDir;

    @Test
    void rewritesTheChunksThatDeletedRowsLeftMostlyDeadAndThenRestsUntilSomethingIsWritten() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dataDir.resolve("events") + ";WRITE_DELAY=0;RETENTION_TIME=0");
        try (Connection keepOpen = dataSource.getConnection()) {
            try (Statement statement = keepOpen.createStatement()) {
                statement.execute("CREATE TABLE entry (id BIGINT PRIMARY KEY, payload VARBINARY(4096))");
            }
            keepOpen.setAutoCommit(false);
            write(keepOpen, 0, 4_000); // one transaction: a few big chunks
            keepOpen.commit();
            keepOpen.setAutoCommit(true);
            try (Statement statement = keepOpen.createStatement()) {
                // the pages of the first three quarters die; the chunks keep a quarter of their pages live
                statement.execute("DELETE FROM entry WHERE id < 3000");
            }
            assertThat(store(keepOpen).getRetentionTime()).as("RETENTION_TIME=0 reaches the store").isZero();

            EmbeddedEventStoreCompaction compaction = new EmbeddedEventStoreCompaction(dataSource, 64);
            assertThat(compaction.compact()).as("rewrote live pages of dead chunks").isTrue();
            assertThat(compaction.compact()).as("nothing written since: nothing to do").isFalse();

            write(keepOpen, 10_000, 10); // autocommit: one transaction per row, as appends are
            compaction.compact(); // runs again once something was written (whether it finds work or not)
            try (Statement statement = keepOpen.createStatement()) {
                var count = statement.executeQuery("SELECT COUNT(*) FROM entry");
                count.next();
                assertThat(count.getLong(1)).as("no row lost").isEqualTo(1_000 + 10);
            }
        }
    }

    @Test
    void doesNothingOnADatabaseThatIsNotAnEmbeddedH2File() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:compaction");
        assertThat(EmbeddedH2.isEmbeddedH2("jdbc:h2:file:./data/events;WRITE_DELAY=0")).isTrue();
        assertThat(EmbeddedH2.isEmbeddedH2("jdbc:h2:tcp://localhost/events")).isFalse();
        assertThat(EmbeddedH2.isEmbeddedH2("jdbc:postgresql://localhost/calllog")).isFalse();
        try (Connection keepOpen = memory.getConnection()) {
            assertThat(new EmbeddedEventStoreCompaction(memory, 16).compact()).isFalse();
        }
    }

    private static MVStore store(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    private static void write(Connection connection, int from, int rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO entry VALUES (?, ?)")) {
            for (int id = from; id < from + rows; id++) {
                insert.setLong(1, id);
                insert.setBytes(2, new byte[2_048]);
                insert.executeUpdate();
            }
        }
    }
}
