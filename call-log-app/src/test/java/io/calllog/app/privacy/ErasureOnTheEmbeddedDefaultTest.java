package io.calllog.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.ByteScan;
import io.calllog.testsupport.TestApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure on the embedded default, end to end: a record's calls read erased on every read side (the Calls API,
 * search, both exports, the change feed, the stored history), also after a replay, while another record's call keeps
 * its text; events posted again for an erased call are refused; and after a clean stop no file of the data directory
 * holds the erased text or the destroyed key, while the kept call's text is still found there (the scan works).
 */
class ErasureOnTheEmbeddedDefaultTest {

    /** Lower case letters only: the term index keeps it as it is, so the scan covers the index too. */
    private static final String ERASED = "quetzalzephyr";
    private static final String KEPT = "wombatlantern";

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CallLogApplication.class)
                .run("--server.port=0", "--calllog.data-dir=" + dataDir);
    }

    static void storeCall(ApiClient client, String call, String record, String word) {
        assertThat(client.postEvent(call, """
                {"type": "started", "campaignUuid": "campaign_p", "recordUuid": "%s", "direction": "inbound"}"""
                .formatted(record)).status()).isEqualTo(201);
        assertThat(client.postEvent(call, """
                {"type": "transcript", "seq": 0, "role": "assistant", "text": "How can I help?"}""")
                .status()).isEqualTo(201);
        assertThat(client.postEvent(call, """
                {"type": "transcript", "seq": 1, "role": "user", "text": "My code word is %s, write it down."}"""
                .formatted(word)).status()).isEqualTo(201);
        assertThat(client.postEvent(call, """
                {"type": "completed", "status": "completed", "duration": 75, "cost": 0.31,
                 "recordingUrl": "https://rec.example.com/%s.mp3"}""".formatted(word)).status()).isEqualTo(201);
        assertThat(client.postEvent(call, """
                {"type": "summarized", "summary": "The caller's code word is %s."}""".formatted(word))
                .status()).isEqualTo(201);
    }

    static JsonNode awaitSummarized(ApiClient client, String call) {
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/calls/" + call).json()
                .path("summary").isTextual());
        return client.get("/api/calls/" + call).json();
    }

    /** Erased: every transcript text {@code [erased]}, no summary, no recording URL, {@code erasedAt} set. */
    static void assertTranscriptErased(JsonNode call) {
        assertThat(call.path("erasedAt").isTextual()).as(call.toString()).isTrue();
        assertThat(call.path("summary").isNull()).isTrue();
        assertThat(call.path("recordingUrl").isNull()).isTrue();
        assertThat(call.path("transcript")).isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("text").asText()).isEqualTo("[erased]"));
    }

    static void assertErased(JsonNode call) {
        assertTranscriptErased(call);
        assertThat(call.path("transcript")).hasSize(2);
        assertThat(call.path("transcript").get(1).path("role").asText()).isEqualTo("user");
        assertThat(call.path("status").asText()).isEqualTo("completed");
        assertThat(call.path("duration").asLong()).isEqualTo(75);
        assertThat(call.path("cost").decimalValue()).isEqualByComparingTo("0.31");
    }

    @Test
    void anErasedRecordIsErasedOnEveryReadSideAndInNoFileAfterACleanStop() {
        byte[] destroyedKey;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            storeCall(client, "call_a1", "record_a", ERASED);
            storeCall(client, "call_a2", "record_a", ERASED);
            storeCall(client, "call_b1", "record_b", KEPT);
            awaitSummarized(client, "call_a1");
            awaitSummarized(client, "call_a2");
            awaitSummarized(client, "call_b1");
            assertThat(client.get("/api/calls?q=" + ERASED).json().path("total").asInt()).isEqualTo(2);
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
            destroyedKey = jdbc.queryForObject("SELECT data_key FROM personal_data_key WHERE call_uuid = 'call_a1'",
                    byte[].class);

            ApiClient.Response erasure = client.withKey(TestApiKeys.PRIVACY).request("POST",
                    "/api/records/record_a/erasure", "application/json", "{\"reason\": \"ticket 17\"}");
            assertThat(erasure.status()).as(erasure.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/calls/call_a2").json()
                    .path("erasedAt").isTextual());
            assertErasedEverywhere(client);

            assertThat(client.post("/api/admin/projections/calls/replay").status()).isEqualTo(202);
            client.awaitProjection("calls");
            assertErasedEverywhere(client);

            assertThat(client.postEvent("call_a1", """
                    {"type": "transcript", "seq": 1, "role": "user", "text": "My code word is %s, write it down."}"""
                    .formatted(ERASED)).status()).isEqualTo(410);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM personal_data_key WHERE record_uuid = 'record_a'"
                    + " AND data_key IS NULL", Integer.class)).isEqualTo(2);
        }
        assertThat(ByteScan.filesHolding(dataDir, ERASED)).as("files holding the erased text").isEmpty();
        assertThat(ByteScan.filesHolding(dataDir, destroyedKey)).as("files holding the destroyed key").isEmpty();
        assertThat(ByteScan.filesHolding(dataDir, KEPT)).as("the kept call's text is in the read model")
                .extracting(path -> path.getFileName().toString()).contains("readmodel.mv.db");

        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            assertErased(client.get("/api/calls/call_a1").json());
            assertThat(client.get("/api/calls/call_b1").json().path("summary").asText()).contains(KEPT);
        }
    }

    private static void assertErasedEverywhere(ApiClient client) {
        assertErased(client.get("/api/calls/call_a1").json());
        assertErased(client.get("/api/calls/call_a2").json());
        JsonNode kept = client.get("/api/calls/call_b1").json();
        assertThat(kept.path("erasedAt").isNull()).isTrue();
        assertThat(kept.path("transcript").get(1).path("text").asText()).contains(KEPT);
        assertThat(kept.path("recordingUrl").asText()).contains(KEPT);

        assertThat(client.get("/api/calls?q=" + ERASED).json().path("total").asInt()).isZero();
        assertThat(client.get("/api/calls?q=" + KEPT).json().path("total").asInt()).isEqualTo(1);
        assertThat(client.get("/api/calls?q=erased").json().path("total").asInt())
                .as("the marker of erased text is not a word the calls said").isZero();
        for (String format : new String[]{"ndjson", "csv"}) {
            String export = client.get("/api/calls/export?format=" + format + "&campaignUuid=campaign_p").body();
            assertThat(export).doesNotContain(ERASED).contains(KEPT).contains("[erased]");
        }
        String feed = client.get("/api/changes?limit=100").body();
        assertThat(feed).doesNotContain(ERASED).contains(KEPT).contains("\"erased\"").contains("ticket 17");
        String history = client.get("/api/calls/call_a1/events").body();
        assertThat(history).doesNotContain(ERASED).contains("[erased]").contains("\"erased\"");
    }
}
