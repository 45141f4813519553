package io.calllog.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/calls/export} over real HTTP on the all-in-one app: NDJSON lines that read as the calls' own
 * answers, in the list's order, with the list's filters and {@code q}; CSV by RFC 4180 with no cell a spreadsheet
 * would run as a formula; gzip when asked; an attachment; and a client that goes away ends the export.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExportTest {

    private static final String CAMPAIGN = "campaign_export";
    private static final int CALLS = 120;
    private static final String LONG_LINE = "All along the line, ".repeat(450); // 9,000 characters

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ApiClient client;

    /**
     * export_000..export_119 a minute apart, each with ten long lines (so that an export is far bigger than what
     * sockets buffer); export_007 has a summary a spreadsheet would run and a line with a comma, quotes and a break.
     */
    @BeforeEach
    void calls() {
        client = new ApiClient(port);
        if (client.get("/api/calls/export_119").status() == 200) {
            return;
        }
        for (int from = 0; from < CALLS; from += 60) {
            List<String> items = new ArrayList<>();
            for (int c = from; c < from + 60; c++) {
                String call = "export_%03d".formatted(c);
                items.add("""
                        {"callUuid":"%s","type":"started","campaignUuid":"%s","recordUuid":"r%d","direction":"%s","startedAt":"2026-06-01T%02d:%02d:00Z"}"""
                        .formatted(call, CAMPAIGN, c, c % 2 == 0 ? "inbound" : "outbound", c / 60, c % 60));
                for (int seq = 0; seq < 10; seq++) {
                    items.add("""
                            {"callUuid":"%s","type":"transcript","seq":%d,"role":"user","text":"%s"}"""
                            .formatted(call, seq, seq == 0 && c == 7 ? "Yes, \\\"fine\\\"\\nthanks" : LONG_LINE));
                }
                if (c == 7) {
                    items.add("""
                            {"callUuid":"%s","type":"summarized","summary":"=HYPERLINK(\\"http://x\\")"}"""
                            .formatted(call));
                }
            }
            assertThat(client.postBatch("{\"events\":[" + String.join(",", items) + "]}").status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                client.get("/api/calls?campaignUuid=" + CAMPAIGN + "&limit=1").json().path("total").asInt() == CALLS
                        && client.get("/api/calls/export_119").json().path("transcript").size() == 10
                        && client.get("/api/calls/export_007").json().path("summary").isTextual());
    }

    private HttpResponse<InputStream> export(String query, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/calls/export" + query)).header("Authorization", "Bearer " + TestApiKeys.ALL_ROLES);
        if (encoding != null) {
            request.header("Accept-Encoding", encoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String text(HttpResponse<InputStream> response) throws Exception {
        try (InputStream body = response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")
                ? new GZIPInputStream(response.body()) : response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ndjsonHoldsEveryCallAsItsOwnAnswerNewestFirstAsAnAttachment() throws Exception {
        HttpResponse<InputStream> response = export("?campaignUuid=" + CAMPAIGN + "&direction=outbound", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .matches("attachment; filename=\"calls-\\d{8}T\\d{6}Z\\.ndjson\"");
        List<String> lines = text(response).lines().toList();
        assertThat(lines).hasSize(CALLS / 2);
        ObjectMapper json = new ObjectMapper();
        JsonNode newest = json.readTree(lines.get(0));
        assertThat(newest.path("uuid").asText()).isEqualTo("export_119");
        assertThat(newest).isEqualTo(client.get("/api/calls/export_119").json());
        assertThat(json.readTree(lines.get(lines.size() - 1)).path("uuid").asText()).isEqualTo("export_001");
    }

    @Test
    void aSearchedExportHoldsTheCallsFoundWithTheirMatches() throws Exception {
        List<String> lines = text(export("?q=%22fine%20thanks%22&campaignUuid=" + CAMPAIGN, null)).lines().toList();
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode call = new ObjectMapper().readTree(line);
            assertThat(call.path("uuid").asText()).isEqualTo("export_007");
            assertThat(call.at("/matches/0/seq").asInt()).isZero();
        });
    }

    @Test
    void csvQuotesByRfc4180AndNoCellStartsAFormula() throws Exception {
        HttpResponse<InputStream> response = export("?format=csv&recordUuid=r7", null);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String csv = text(response);
        assertThat(csv).startsWith("uuid,campaignUuid,recordUuid,direction,status,duration,cost,recordingUrl,summary,"
                + "createdAt,endReason,erasedAt,transcript\r\n");
        assertThat(csv).contains("export_007,campaign_export,r7,outbound,in-progress,,,,"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",2026-06-01T00:07:00Z,,,\"user: Yes, \"\"fine\"\"\nthanks\n"
                + "user: All along");
        assertThat(csv).endsWith("\"\r\n");
    }

    @Test
    void isGzippedWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<InputStream> response = export("?campaignUuid=" + CAMPAIGN, "gzip");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(text(response).lines()).hasSize(CALLS);
    }

    @Test
    void aClientThatGoesAwayEndsTheExport() throws Exception {
        double abandoned = registry.counter("calllog.exports.abandoned").count();
        HttpResponse<InputStream> response = export("?campaignUuid=" + CAMPAIGN, null);
        InputStream body = response.body();
        assertThat(body.read(new byte[1024])).isPositive();
        body.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.counter("calllog.exports.abandoned").count() > abandoned
                        && registry.get("calllog.exports.active").gauge().value() == 0);
    }

    @Test
    void aBadFormatOrParameterIsAProblemNamingIt() {
        ApiClient.Response bad = client.get("/api/calls/export?format=xlsx");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asText()).isEqualTo("format");
        assertThat(client.get("/api/calls/export?page=2").json().at("/errors/0/field").asText()).isEqualTo("page");
        assertThat(client.get("/api/calls/export?q=%3F").json().at("/errors/0/field").asText()).isEqualTo("q");
    }
}
