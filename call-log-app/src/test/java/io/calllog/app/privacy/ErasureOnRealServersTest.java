package io.calllog.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.calllog.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure against the real servers (PostgreSQL, and MongoDB or the in-process MongoDB-protocol server; see
 * {@link TestPostgres} and {@link TestMongo}): webhook messages still waiting when the record is erased go out erased,
 * the ledger never held the text, and a byte scan finds the erased text neither in PostgreSQL's data directory (where
 * it was never written in plain text) nor in what the MongoDB server holds, where the kept call's text is found.
 */
@SpringBootTest(classes = CallLogApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"calllog.webhooks.allow-http=true", "calllog.webhooks.allow-private-targets=true",
                "calllog.webhooks.retry-schedule=200ms,200ms,200ms,200ms,200ms,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,"
                        + "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                "calllog.webhooks.failures-to-pause=1000", "calllog.webhooks.timeout=2s",
                "calllog.webhooks.connect-timeout=1s"})
class ErasureOnRealServersTest {

    private static final String ERASED = "xylophonemarmot";
    private static final String KEPT = "pangolinharbour";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // nothing listens there once it is closed
        }
    }

    @Test
    void waitingWebhooksGoOutErasedAndNeitherServerHoldsTheErasedText() throws IOException {
        ApiClient client = new ApiClient(port);
        ApiClient.Response created = client.request("POST", "/api/admin/webhooks", "application/json", """
                {"url": "http://127.0.0.1:%d/hooks", "types": ["call.transcript", "call.summarized", "call.erased"],
                 "campaignUuid": "campaign_p", "after": "now"}""".formatted(closedPort()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String endpoint = created.json().path("id").asText();

        ErasureOnTheEmbeddedDefaultTest.storeCall(client, "call_r1", "record_real", ERASED);
        ErasureOnTheEmbeddedDefaultTest.storeCall(client, "call_k1", "record_kept", KEPT);
        ErasureOnTheEmbeddedDefaultTest.awaitSummarized(client, "call_r1");
        ErasureOnTheEmbeddedDefaultTest.awaitSummarized(client, "call_k1");
        // the receiver is not there yet: the call's messages wait, tried again and again
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(client, endpoint).stream()
                .filter(delivery -> delivery.path("callUuid").asText().equals("call_r1"))
                .anyMatch(delivery -> delivery.path("attempts").size() >= 2));

        assertThat(client.withKey(TestApiKeys.PRIVACY).request("POST", "/api/records/record_real/erasure",
                "application/json", "{\"reason\": \"ticket 99\"}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/calls/call_r1").json()
                .path("erasedAt").isTextual());

        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            assertThat(client.request("PATCH", "/api/admin/webhooks/" + endpoint, "application/json",
                    "{\"url\": \"" + receiver.url("/hooks") + "\"}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().stream()
                    .anyMatch(message -> message.body().contains("\"call.erased\"")
                            && message.body().contains("call_r1")));
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().stream()
                    .filter(message -> message.body().contains("call_k1")).count() >= 3);
            List<String> bodies = receiver.received().stream().map(WebhookReceiver.Received::body).toList();
            assertThat(bodies).filteredOn(body -> body.contains("call_r1")).hasSizeGreaterThanOrEqualTo(4)
                    .noneMatch(body -> body.contains(ERASED));
            assertThat(bodies).filteredOn(body -> body.contains("call_r1") && body.contains("\"call.transcript\""))
                    .allMatch(body -> body.contains("[erased]"));
            assertThat(bodies).filteredOn(body -> body.contains("call_k1")).anyMatch(body -> body.contains(KEPT));
        }
        assertThat(client.get("/api/admin/webhooks/" + endpoint + "/deliveries?limit=100").body())
                .doesNotContain(ERASED).contains("call_r1");

        assertThat(TestPostgres.dataFilesHolding(ERASED)).as("PostgreSQL files holding the erased text").isEmpty();
        assertThat(TestPostgres.dataFilesHolding(KEPT)).as("personal data is sealed in PostgreSQL").isEmpty();
        assertThat(TestMongo.dataHolding(ERASED)).as("MongoDB data holding the erased text").isEmpty();
        assertThat(TestMongo.dataHolding(KEPT)).as("the kept call in the read model").isNotEmpty();
    }

    /** The endpoint's ledger, newest first (the first 100). */
    static List<JsonNode> deliveries(ApiClient client, String endpoint) {
        JsonNode page = client.get("/api/admin/webhooks/" + endpoint + "/deliveries?limit=100").json();
        return StreamSupport.stream(page.path("deliveries").spliterator(), false).toList();
    }
}
