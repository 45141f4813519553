package io.calllog.command;

import io.calllog.testsupport.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no datasource configured, call-command keeps its events in an H2 file under its data directory (Axon's
 * PostgreSQL table layout works on H2), and a restart keeps them: a retry after the restart is still recognised.
 */
class EmbeddedDefaultTest {

    private static final String STARTED = """
            {"type": "started", "campaignUuid": "campaign_1", "recordUuid": "record_1", "direction": "outbound"}""";
    private static final String LINE = """
            {"type": "transcript", "seq": 0, "role": "assistant", "text": "Hello"}""";

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CallCommandApplication.class)
                .run("--server.port=0", "--calllog.data-dir=" + dataDir);
    }


    @Test
    void storesEventsInAnH2FileThatSurvivesARestart() throws ClassNotFoundException {
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:")
                    .contains("WRITE_DELAY=0", "RETENTION_TIME=0");
            assertThat(app.getBeanNamesForType(Class.forName("io.calllog.eventstore.EmbeddedEventStoreCompaction")))
                    .as("call-command alone compacts its embedded event store, as the all-in-one app does")
                    .hasSize(1);
            assertThat(app.getEnvironment().getProperty("logging.level.org.axonframework.commandhandling.gateway"
                    + ".AbstractRetryScheduler")).as("the command side's defaults reach it").isEqualTo("WARN");
            assertThat(app.getEnvironment().getProperty("springdoc.api-docs.path")).isEqualTo("/api/openapi");
            assertThat(ApiClient.of(app).postEvent("call_h2", STARTED).status()).isEqualTo(201);
            assertThat(ApiClient.of(app).postEvent("call_h2", LINE).status()).isEqualTo(201);
        }
        assertThat(Files.exists(dataDir.resolve("events.mv.db"))).isTrue();

        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            assertThat(client.postEvent("call_h2", STARTED).status()).isEqualTo(200);
            assertThat(client.postEvent("call_h2", LINE).status()).isEqualTo(200);
            assertThat(client.postEvent("call_h2", LINE.replace("Hello", "Bye")).status()).isEqualTo(409);
            assertThat(client.postEvent("call_h2", LINE.replace("\"seq\": 0", "\"seq\": 1")).status()).isEqualTo(201);
            Integer stored = app.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = 'call_h2'", Integer.class);
            assertThat(stored).isEqualTo(3);
        }
    }
}
