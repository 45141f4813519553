package io.calllog.app.privacy;

import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upgrade on PostgreSQL: a database as the previous release left it (its schema, a call stored in plain text) is
 * sealed at the first start, and {@code VACUUM FULL} leaves the table's files without the plain text. (PostgreSQL's
 * write-ahead log keeps what was written until it is recycled: docs/privacy.md.)
 */
class UpgradeOnPostgresTest {

    private static final String WORD = "okapiclarinet";

    @Test
    void plainTextStoredByThePreviousReleaseIsSealedAndLeavesTheTablesFiles() throws Exception {
        TestPostgres.Database postgres = TestPostgres.newDatabase();
        Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:db/eventstore").target("1").load().migrate();
        try (Connection connection = postgres.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                        + " timestamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES (?, 'call_pg_old', ?, 'Call', '2026-11-02T10:00:00Z', ?, '1', ?, ?)")) {
            append(insert, 0, "io.calllog.events.CallStarted", """
                    {"callUuid":"call_pg_old","campaignUuid":"campaign_pg","recordUuid":"record_pg",\
                    "direction":"outbound","startedAt":"2026-11-02T10:00:00Z"}""");
            append(insert, 1, "io.calllog.events.TranscriptLineAppended", """
                    {"callUuid":"call_pg_old","seq":0,"role":"user","text":"my word is %s",\
                    "spokenAt":"2026-11-02T10:00:05Z"}""".formatted(WORD));
        }

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CallLogApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.data.mongodb.uri=" + TestMongo.newDatabase().uri())) {
            assertThat(payloads(postgres)).hasSize(2).noneMatch(payload -> payload.contains(WORD));
            ApiClient client = ApiClient.of(app);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/calls/call_pg_old").status() == 200
                    && client.get("/api/calls/call_pg_old").body().contains(WORD));
        }
        assertThat(TestPostgres.dataFilesHolding(WORD)).as("table files holding the plain text")
                .noneMatch(file -> file.contains("/base/"));
    }

    private static void append(PreparedStatement insert, long sequence, String type, String payload)
            throws Exception {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setLong(2, sequence);
        insert.setString(3, type);
        insert.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
        insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
        insert.executeUpdate();
    }

    private static List<String> payloads(TestPostgres.Database postgres) throws Exception {
        List<String> payloads = new ArrayList<>();
        try (Connection connection = postgres.connect(); ResultSet rows = connection.createStatement()
                .executeQuery("SELECT payload FROM domain_event_entry")) {
            while (rows.next()) {
                payloads.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
            }
        }
        return payloads;
    }
}
