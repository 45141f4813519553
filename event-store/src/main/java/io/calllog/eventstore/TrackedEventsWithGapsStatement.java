package io.calllog.eventstore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * How processors read the next events when their token has gaps (global indexes skipped by transactions that had
 * not committed yet): the events after the token's index and the gaps' events, as two index lookups joined by
 * {@code UNION ALL}.
 * <p>
 * Axon's own statement asks for {@code (index > ? AND index <= ?) OR index IN (gaps)}. H2 plans that condition as
 * a scan of the whole table (its {@code EXPLAIN} names the primary key with no range), so on the embedded event
 * store every read of a processor whose token had a gap cost a pass over every event ever stored: under a steady
 * load, with gaps in most tokens, projection lag grew with the store (seconds at 400,000 events). Each half of the
 * union is an index range or lookup on H2 and PostgreSQL alike. The halves cannot overlap (gaps lie below the
 * token's index), so {@code UNION ALL} returns what the {@code OR} did.
 */
public final class TrackedEventsWithGapsStatement {

    private TrackedEventsWithGapsStatement() {
    }

    /** The statement, for {@code JdbcEventStorageEngine.Builder#readEventDataWithGaps}. */
    public static PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                          List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }

    static String sql(EventSchema schema, int gapCount) {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String index = schema.globalIndexColumn();
        return select + index + " > ? AND " + index + " <= ?"
                + " UNION ALL "
                + select + index + " IN (" + String.join(",", Collections.nCopies(gapCount, "?")) + ")"
                + " ORDER BY " + index + " ASC";
    }
}
