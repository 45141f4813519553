package io.calllog.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read through our engine, tracked events carry the tokens, timestamps and identifiers that Axon's own engine gives
 * them: with gaps, some young enough to be waited for and some too old, from the start and from a token.
 */
class CallLogStorageEngineTest {

    /** Rows that are not there: gaps. 1 and 2 lie below the first event, which is young. */
    private static final Set<Long> MISSING = Set.of(1L, 2L, 6L, 7L, 15L, 23L);
    /** Events older than Axon's gap timeout: gaps below them are not waited for. */
    private static final Set<Long> OLD = Set.of(4L, 5L, 8L, 9L, 10L, 11L, 12L, 13L);

    private final String url = "jdbc:h2:mem:engine_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @BeforeEach
    void storeEventsWithGaps() throws Exception {
        Instant young = Instant.now().minusSeconds(5);
        Instant old = Instant.now().minus(2, ChronoUnit.HOURS);
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            EventTables.create(connection);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (global_index,"
                    + " event_identifier, aggregate_identifier, sequence_number, type, timestamp, payload_type,"
                    + " payload, meta_data) VALUES (?, ?, ?, ?, 'Call', ?, 'java.lang.String', ?, ?)")) {
                for (long index = 1; index <= 30; index++) {
                    if (MISSING.contains(index)) {
                        continue;
                    }
                    Instant at = (OLD.contains(index) ? old : young).plusMillis(index);
                    insert.setLong(1, index);
                    insert.setString(2, "event_" + index);
                    insert.setString(3, "call_" + index % 4);
                    insert.setLong(4, index);
                    insert.setString(5, DateTimeUtils.formatInstant(at));
                    insert.setBytes(6, serializer.serialize("line " + index, byte[].class).getData());
                    insert.setBytes(7, "{}".getBytes());
                    insert.executeUpdate();
                }
            }
        }
    }

    private JdbcEventStorageEngine.Builder builder() {
        return JdbcEventStorageEngine.builder()
                .batchSize(7)
                .schema(EventStoreConfiguration.eventSchema())
                .connectionProvider(() -> DriverManager.getConnection(url, "sa", ""))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer);
    }

    /** What a processor sees of each event: its token, timestamp, identifier and payload. */
    private static List<String> tracked(JdbcEventStorageEngine engine, TrackingToken from) {
        return engine.readEvents(from, false).map(CallLogStorageEngineTest::describe).collect(Collectors.toList());
    }

    private static String describe(TrackedEventMessage<?> event) {
        return event.trackingToken() + " " + event.getTimestamp() + " " + event.getIdentifier() + " "
                + event.getPayload();
    }

    @Test
    void tracksEventsAsAxonsEngineDoes() {
        JdbcEventStorageEngine axons = builder().build();
        JdbcEventStorageEngine ours = new CallLogStorageEngine(builder(), CallLogStorageEngine.GapSettings.AXON_DEFAULTS);

        List<String> expected = tracked(axons, null);
        assertThat(expected).hasSize(30 - MISSING.size())
                .as("the young first event keeps the gaps below it").first().asString().contains("gaps=[1, 2]");
        assertThat(tracked(ours, null)).isEqualTo(expected);

        TrackingToken afterTheFifth = // the token of event 9
                axons.readEvents(null, false).skip(4).findFirst().orElseThrow().trackingToken();
        assertThat(tracked(ours, afterTheFifth)).isEqualTo(tracked(axons, afterTheFifth)).hasSize(19); // 10 to 30, without 15 and 23
    }
}
