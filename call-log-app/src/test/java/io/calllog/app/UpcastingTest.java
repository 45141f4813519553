package io.calllog.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events evolve: completions stored at {@code CallCompleted} revision 1, before {@code endReason} existed, are read in
 * the revision 2 shape by everything that reads the store: a replay of the calls projection, and the {@code Call}
 * aggregate deciding whether a repeated completion is the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpcastingTest {

    private static TestPostgres.Database postgres;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        postgres = TestPostgres.newDatabase();
        postgres.registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    /** Appends a call as revision 1 wrote it, straight into the event store (as a store written before the change). */
    private static void storeRevision1Call(String call, String status) throws Exception {
        String started = """
                {"callUuid":"%s","campaignUuid":"campaign_old","recordUuid":"record_old","direction":"outbound","startedAt":"2026-01-05T10:00:00Z"}"""
                .formatted(call);
        String completed = """
                {"callUuid":"%s","status":"%s","durationSeconds":42,"cost":0.12,"recordingUrl":null,"endedAt":"2026-01-05T10:00:42Z"}"""
                .formatted(call, status);
        try (Connection connection = postgres.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, timestamp,"
                        + " payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, 'Call', ?, ?, '1', ?, ?)")) {
            append(insert, call, 0, "2026-01-05T10:00:00Z", "io.calllog.events.CallStarted", started);
            append(insert, call, 1, "2026-01-05T10:00:42Z", "io.calllog.events.CallCompleted", completed);
        }
    }

    private static void append(PreparedStatement insert, String call, long sequence, String timestamp, String type,
                               String payload) throws Exception {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, call);
        insert.setLong(3, sequence);
        insert.setString(4, timestamp);
        insert.setString(5, type);
        insert.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
        insert.setBytes(7, "{}".getBytes(StandardCharsets.UTF_8));
        insert.executeUpdate();
    }

    @Test
    void completionsStoredAtRevision1AreReplayedWithTheEndReasonTheirStatusImplies() throws Exception {
        ApiClient client = new ApiClient(port);
        storeRevision1Call("legacy_busy", "busy");
        storeRevision1Call("legacy_done", "completed");
        client.awaitCall("legacy_busy", "busy");
        client.awaitProjection("calls");

        assertThat(client.post("/api/admin/projections/calls/replay").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                client.get("/api/admin/projections/calls/replay").json().get("state").asText().equals("done"));

        JsonNode busy = client.get("/api/calls/legacy_busy").json();
        assertThat(busy.get("status").asText()).isEqualTo("busy");
        assertThat(busy.get("endReason").asText()).isEqualTo("busy");
        assertThat(busy.get("duration").asLong()).isEqualTo(42);
        assertThat(client.get("/api/calls/legacy_done").json().get("endReason").asText()).isEqualTo("unknown");
    }

    @Test
    void theAggregateReadsRevision1CompletionsInTheNewShape() throws Exception {
        ApiClient client = new ApiClient(port);
        storeRevision1Call("legacy_repeat", "no-answer");

        ApiClient.Response same = client.postEvent("legacy_repeat", """
                {"type":"completed","status":"no-answer","duration":42,"cost":0.12}""");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().get("outcome").asText()).isEqualTo("duplicate");

        ApiClient.Response sameReason = client.postEvent("legacy_repeat", """
                {"type":"completed","status":"no-answer","duration":42,"cost":0.12,"endReason":"no-answer"}""");
        assertThat(sameReason.status()).as(sameReason.body()).isEqualTo(200);

        ApiClient.Response otherReason = client.postEvent("legacy_repeat", """
                {"type":"completed","status":"no-answer","duration":42,"cost":0.12,"endReason":"caller-hung-up"}""");
        assertThat(otherReason.status()).isEqualTo(409);
        assertThat(otherReason.body()).contains("endReason");
    }
}
