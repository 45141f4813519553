package io.calllog.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.app.SharedServerInstance;
import io.calllog.query.projection.ProjectionNode;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.calllog.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the app on one event store and one read model: an endpoint is delivered by one of them at a time
 * (so no attempt is sent twice: a receiver that always answers gets each message once, and the ledger shows one
 * attempt each), and when that instance stops, the other takes the endpoint over where it stopped.
 */
class WebhookScaleOutTest {

    private static final String STARTED = "{\"type\":\"started\",\"campaignUuid\":\"camp-scale\",\"recordUuid\":\"r\","
            + "\"direction\":\"outbound\"}";

    private static ConfigurableApplicationContext instance(TestPostgres.Database postgres, TestMongo.Database mongo) {
        return SharedServerInstance.start(postgres, mongo);
    }

    @Test
    void oneInstanceDeliversAnEndpointAtATimeAndAnotherTakesOverWhenItStops() {
        TestPostgres.Database postgres = TestPostgres.newDatabase();
        TestMongo.Database mongo = TestMongo.newDatabase();
        List<ConfigurableApplicationContext> running = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            running.add(instance(postgres, mongo));
            running.add(instance(postgres, mongo));
            ApiClient first = ApiClient.of(running.get(0));
            ApiClient second = ApiClient.of(running.get(1));
            JsonNode endpoint = first.request("POST", "/api/admin/webhooks", "application/json", "{\"url\":\""
                    + receiver.url("/scale") + "\",\"types\":[\"call.started\",\"call.transcript\"]}").json();
            String id = endpoint.path("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.get("/api/admin/webhooks/" + id).json()
                    .path("heldBy").isNull());

            for (int call = 0; call < 40; call++) {
                ApiClient client = call % 2 == 0 ? first : second; // ingestion through both
                String uuid = "scale-" + call;
                assertThat(client.postEvent(uuid, STARTED).status()).isIn(200, 201);
                assertThat(client.postEvent(uuid, "{\"type\":\"transcript\",\"seq\":0,\"role\":\"user\",\"text\":"
                        + "\"hi\"}").status()).isIn(200, 201);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 80);
            Map<String, Long> copies = receiver.received().stream().collect(Collectors.groupingBy(
                    WebhookReceiver.Received::id, Collectors.counting()));
            assertThat(copies).hasSize(80);
            assertThat(copies.values()).containsOnly(1L);
            await().atMost(Duration.ofSeconds(30)).until(() -> second.get("/api/admin/webhooks/" + id
                    + "/deliveries?status=delivered&limit=100").json().path("deliveries").size() == 80);
            assertThat(second.get("/api/admin/webhooks/" + id + "/deliveries?status=delivered&limit=100").json()
                    .path("deliveries")).allMatch(delivery -> delivery.path("attempts").size() == 1);

            // the holder stops (it lets go of its lease): the other takes the endpoint over and goes on
            String holder = first.get("/api/admin/webhooks/" + id).json().path("heldBy").asText();
            Function<ConfigurableApplicationContext, String> node = context -> context.getBean(ProjectionNode.class)
                    .id();
            ConfigurableApplicationContext stopping = running.stream().filter(c -> node.apply(c).equals(holder))
                    .findFirst().orElseThrow();
            ConfigurableApplicationContext survivor = running.stream().filter(c -> c != stopping).findFirst()
                    .orElseThrow();
            stopping.close();
            running.remove(stopping);
            ApiClient left = ApiClient.of(survivor);
            assertThat(left.postEvent("scale-after", STARTED).status()).isIn(200, 201);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 81);
            assertThat(left.get("/api/admin/webhooks/" + id).json().path("heldBy").asText())
                    .isEqualTo(node.apply(survivor));
        } finally {
            running.forEach(ConfigurableApplicationContext::close);
        }
    }
}
