package io.calllog.app.privacy;

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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upgrade from the release before encryption, on a data directory that release wrote
 * ({@code previous-release/data-0.1.0-3789878.zip}: two calls, each with a word of its own in a transcript line, the
 * summary and, for one, the recording URL, all stored in plain text). At the first start the events are sealed in
 * place; the calls read as before, retries are still recognised, and after a clean stop the event store's file holds
 * neither word. Erasing one call then leaves its word in no file at all.
 */
class UpgradeFromPlaintextTest {

    private static final String FIXTURE = "/previous-release/data-0.1.0-3789878.zip";
    private static final String ERASED = "quahogpelican";
    private static final String KEPT = "narwhalsymphony";

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CallLogApplication.class)
                .run("--server.port=0", "--calllog.data-dir=" + dataDir);
    }

    private void unzipFixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(FIXTURE); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Files.copy(zip, dataDir.resolve(entry.getName()));
            }
        }
    }

    @Test
    void eventsStoredInPlainTextAreSealedInPlaceAndLeaveNoPlainTextBehind() throws IOException {
        unzipFixture();
        assertThat(ByteScan.filesHolding(dataDir, ERASED)).as("the previous release stored plain text")
                .extracting(path -> path.getFileName().toString()).contains("events.mv.db");

        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
            assertThat(jdbc.queryForList("SELECT payload FROM domain_event_entry", byte[].class))
                    .hasSize(9).noneMatch(payload -> new String(payload).contains(ERASED)
                            || new String(payload).contains(KEPT));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM personal_data_key WHERE data_key IS NOT NULL",
                    Integer.class)).isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT sealed_until >= plaintext_until FROM personal_data_upgrade",
                    Boolean.class)).isTrue();

            // the calls read as before, from the read model and from the sealed events
            assertThat(client.get("/api/calls/call_old_erase").json().path("summary").asText()).contains(ERASED);
            assertThat(client.get("/api/calls/call_old_erase/events").body()).contains(ERASED);
            // the aggregate rebuilt from sealed events still knows a retry from a contradiction
            assertThat(client.postEvent("call_old_erase", """
                    {"type": "transcript", "seq": 1, "role": "user",
                     "text": "My password is quahogpelican, please note it."}""").status()).isEqualTo(200);
            assertThat(client.postEvent("call_old_erase", """
                    {"type": "transcript", "seq": 1, "role": "user", "text": "something else"}""").status())
                    .isEqualTo(409);
            assertThat(client.postEvent("call_old_keep", """
                    {"type": "transcript", "seq": 1, "role": "assistant", "text": "We will call you back."}""")
                    .status()).isEqualTo(201);
        }
        assertThat(ByteScan.filesHolding(dataDir, ERASED)).extracting(path -> path.getFileName().toString())
                .as("after the clean stop: in the read model only").containsExactly("readmodel.mv.db");
        assertThat(ByteScan.filesHolding(dataDir, KEPT)).extracting(path -> path.getFileName().toString())
                .containsExactly("readmodel.mv.db");

        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            assertThat(client.withKey(TestApiKeys.PRIVACY).request("POST", "/api/calls/call_old_erase/erasure",
                    "application/json", "{\"reason\": \"ticket 3\"}").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/calls/call_old_erase").json()
                    .path("erasedAt").isTextual());
            ErasureOnTheEmbeddedDefaultTest.assertTranscriptErased(client.get("/api/calls/call_old_erase").json());
        }
        assertThat(ByteScan.filesHolding(dataDir, ERASED)).as("files holding the erased text").isEmpty();
        assertThat(ByteScan.filesHolding(dataDir, KEPT)).extracting(path -> path.getFileName().toString())
                .containsExactly("readmodel.mv.db");
    }
}
