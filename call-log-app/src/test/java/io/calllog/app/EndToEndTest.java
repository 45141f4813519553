package io.calllog.app;

import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.OpenApiDocumentCheck;
import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The all-in-one app against real PostgreSQL and MongoDB-protocol servers (Testcontainers, or embedded PostgreSQL and
 * an in-process mongo-java-server): what workers post through the ingestion API is what dashboards read through the
 * Calls API. Waits for the projection by polling, never by sleeping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndTest {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aCompletedCallReadsExactlyAsTheApiReferenceShowsIt() {
        ApiClient client = new ApiClient(port);
        assertThat(client.postEvent(SeedCall.UUID, SeedCall.STARTED).status()).isEqualTo(201);
        JsonNode running = client.awaitCall(SeedCall.UUID, "in-progress");
        assertThat(running.get("duration").isNull()).isTrue();
        assertThat(running.get("cost").isNull()).isTrue();
        assertThat(running.get("summary").isNull()).isTrue();
        assertThat(running.get("recordingUrl").isNull()).isTrue();

        // the user's line arrives before the assistant's: the transcript is still in seq order
        assertThat(client.postEvent(SeedCall.UUID, SeedCall.LINE_1).status()).isEqualTo(201);
        assertThat(client.postEvent(SeedCall.UUID, SeedCall.LINE_0).status()).isEqualTo(201);
        assertThat(client.postEvent(SeedCall.UUID, SeedCall.SUMMARIZED).status()).isEqualTo(201);
        assertThat(client.postEvent(SeedCall.UUID, SeedCall.COMPLETED).status()).isEqualTo(201);

        JsonNode call = client.awaitCall(SeedCall.UUID, "completed");
        ApiClient.Response detail = client.get("/api/calls/" + SeedCall.UUID);
        SeedCall.assertMatchesSeed(detail.json(), SeedCall.expected(), "call");

        JsonNode page = client.get("/api/calls?campaignUuid=campaign_67890&status=completed").json();
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("limit").asInt()).isEqualTo(10);
        SeedCall.assertMatchesSeed(page.get("calls").get(0), SeedCall.expected(), "calls[0]");
        assertThat(call).isEqualTo(detail.json());
    }

    @Test
    void servesOneValidOpenApiDescriptionOfBothApisWithABrowsableUi() {
        ApiClient client = new ApiClient(port);
        ApiClient.Response served = client.get("/api/openapi");
        assertThat(OpenApiDocumentCheck.findings(served.body())).isEmpty();
        JsonNode paths = served.json().get("paths");
        assertThat(paths.has("/api/calls")).isTrue();
        assertThat(paths.has("/api/calls/{uuid}")).isTrue();
        assertThat(paths.has("/api/calls/{uuid}/events")).isTrue();
        assertThat(paths.has("/api/events")).isTrue();
        assertThat(paths.at("/~1api~1calls/get/parameters").findValuesAsText("name"))
                .contains("campaignUuid", "status", "recordUuid", "from", "to", "page", "limit");
        assertThat(client.get("/api/docs").status()).isEqualTo(302);
        assertThat(client.get("/api/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void aBatchOfManyCallsIsReadableWithFiltersOnceProjected() {
        ApiClient client = new ApiClient(port);
        String campaign = "campaign_" + UUID.randomUUID();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String call = campaign + "_call_" + i;
            items.add("""
                    {"callUuid":"%s","type":"started","campaignUuid":"%s","recordUuid":"r%d","direction":"inbound","startedAt":"2026-05-01T10:%02d:00Z"}"""
                    .formatted(call, campaign, i % 4, i));
            items.add("""
                    {"callUuid":"%s","type":"transcript","seq":0,"role":"assistant","text":"Hello %d"}""".formatted(call, i));
            if (i % 2 == 0) {
                items.add("""
                        {"callUuid":"%s","type":"completed","status":"busy","duration":0,"cost":0}""".formatted(call));
            }
        }
        assertThat(client.postBatch("{\"events\":[" + String.join(",", items) + "]}").json().get("recorded").asInt())
                .isEqualTo(75);
        client.awaitCall(campaign + "_call_28", "busy");
        client.awaitCall(campaign + "_call_29", "in-progress");

        JsonNode busy = client.get("/api/calls?campaignUuid=" + campaign + "&status=busy&limit=5&page=2").json();
        assertThat(busy.get("total").asLong()).isEqualTo(15);
        assertThat(busy.get("calls")).extracting(c -> c.get("uuid").asText())
                .containsExactly(campaign + "_call_18", campaign + "_call_16", campaign + "_call_14",
                        campaign + "_call_12", campaign + "_call_10");
        JsonNode window = client.get("/api/calls?campaignUuid=" + campaign
                + "&from=2026-05-01T10:05:00Z&to=2026-05-01T10:08:00Z&recordUuid=r1").json();
        assertThat(window.get("calls")).extracting(c -> c.get("uuid").asText()).containsExactly(campaign + "_call_5");
    }
}
