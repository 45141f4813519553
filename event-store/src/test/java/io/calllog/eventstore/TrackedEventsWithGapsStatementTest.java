package io.calllog.eventstore;

import io.calllog.testsupport.TestPostgres;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read of a token with gaps returns what Axon's own statement returns, on both databases, and on H2 is planned as
 * index lookups, not as a scan of the table.
 */
class TrackedEventsWithGapsStatementTest {

    private static final List<Long> GAPS = List.of(3L, 7L, 12L);

    private static void createAndFill(Connection connection) throws Exception {
        EventTables.create(connection);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (global_index,"
                + " event_identifier, aggregate_identifier, sequence_number, type, timestamp, payload_type, payload)"
                + " VALUES (?, ?, 'call_1', ?, 'Call', '2026-05-01T08:00:00Z', 'x', ?)")) {
            for (long index = 1; index <= 40; index++) {
                insert.setLong(1, index);
                insert.setString(2, UUID.randomUUID().toString());
                insert.setLong(3, index);
                insert.setBytes(4, new byte[]{1});
                insert.executeUpdate();
            }
        }
    }

    private static List<Long> indexes(PreparedStatement statement) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                indexes.add(rows.getLong("global_index"));
            }
        }
        return indexes;
    }

    private static void returnsWhatAxonsStatementReturns(Connection connection) throws Exception {
        var schema = EventStoreConfiguration.eventSchema();
        List<Long> ours = indexes(TrackedEventsWithGapsStatement.build(connection, schema, 20, 10, GAPS));
        assertThat(ours).containsExactly(3L, 7L, 12L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
        assertThat(ours).isEqualTo(indexes(
                JdbcEventStorageEngineStatements.readEventDataWithGaps(connection, schema, 20, 10, GAPS)));
    }

    @Test
    void onH2ItReturnsWhatAxonsStatementReturnsThroughTheIndexWhereAxonsScans() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:gaps_" + UUID.randomUUID(), "sa", "")) {
            createAndFill(connection);
            returnsWhatAxonsStatementReturns(connection);

            // H2 names the index it reads after the table, with the conditions it looks up by, if any
            String ours = plan(connection, TrackedEventsWithGapsStatement.sql(EventStoreConfiguration.eventSchema(), 3));
            assertThat(ours).containsPattern("PRIMARY_KEY_\\w+: GLOBAL_INDEX > \\?1")
                    .containsPattern("PRIMARY_KEY_\\w+: GLOBAL_INDEX IN\\(\\?3, \\?4, \\?5\\)");
            String axons = plan(connection, "SELECT global_index FROM domain_event_entry WHERE (global_index > ?"
                    + " AND global_index <= ?) OR global_index IN (?, ?, ?) ORDER BY global_index ASC");
            assertThat(axons).as("Axon's statement, the reason for ours: the whole index, no lookup")
                    .containsPattern("/\\* PUBLIC\\.PRIMARY_KEY_\\w+ \\*/");
        }
    }

    @Test
    void onPostgresItReturnsWhatAxonsStatementReturns() throws Exception {
        try (Connection connection = TestPostgres.newDatabase().connect()) {
            createAndFill(connection);
            returnsWhatAxonsStatementReturns(connection);
        }
    }

    private static String plan(Connection connection, String sql) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery("EXPLAIN " + sql)) {
            rows.next();
            return rows.getString(1).replaceAll("\\s+", " ");
        }
    }
}
