package io.calllog.app.privacy;

import io.calllog.app.SharedServerInstance;
import io.calllog.query.projection.ProjectionNode;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.calllog.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one event store and one read model: the instance that delivers an endpoint's webhooks had the
 * call's key in its cache (it made the call's messages while the receiver refused them); the other instance erases
 * the call. Once the delivering instance has read the erasure from the feed, every message of the call it sends is
 * made erased, although its cache of keys had not expired. And an instance that serves a call's history with the key
 * in its cache shows the call erased about a second after another instance erased it (it looks for recent erasures).
 */
class ErasureAcrossInstancesTest {

    private static final String WORD = "marmosetbassoon";

    private static ConfigurableApplicationContext instance(TestPostgres.Database postgres, TestMongo.Database mongo) {
        return SharedServerInstance.start(postgres, mongo, "--calllog.webhooks.failures-to-pause=1000",
                "--calllog.webhooks.retry-schedule=200ms,200ms,500ms,500ms,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                "--calllog.personal-data.key-cache-ttl=10m");
    }

    @Test
    void theDeliveringInstanceMakesMessagesErasedOnceItReadsAnErasureMadeElsewhere() {
        TestPostgres.Database postgres = TestPostgres.newDatabase();
        TestMongo.Database mongo = TestMongo.newDatabase();
        List<ConfigurableApplicationContext> running = new ArrayList<>();
        AtomicBoolean refusing = new AtomicBoolean(true);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answering(message -> refusing.get() ? WebhookReceiver.Answer.status(503)
                    : WebhookReceiver.Answer.ok());
            running.add(instance(postgres, mongo));
            running.add(instance(postgres, mongo));
            ApiClient first = ApiClient.of(running.get(0));
            String endpoint = first.request("POST", "/api/admin/webhooks", "application/json", "{\"url\":\""
                            + receiver.url("/hooks") + "\",\"types\":[\"call.transcript\",\"call.erased\"]}")
                    .json().path("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.get("/api/admin/webhooks/" + endpoint).json()
                    .path("heldBy").isNull());
            String holder = first.get("/api/admin/webhooks/" + endpoint).json().path("heldBy").asText();
            ConfigurableApplicationContext other = running.stream()
                    .filter(context -> !context.getBean(ProjectionNode.class).id().equals(holder))
                    .findFirst().orElseThrow();
            ApiClient eraser = ApiClient.of(other);

            ErasureOnTheEmbeddedDefaultTest.storeCall(eraser, "call_x1", "record_x", WORD);
            // the holder makes the call's first message (its key now in the holder's cache): refused, tried again
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                    .filter(message -> message.body().contains("call_x1")).count() >= 2);
            assertThat(receiver.received()).anyMatch(message -> message.body().contains("How can I help?"));

            assertThat(eraser.withKey(TestApiKeys.PRIVACY).request("POST", "/api/calls/call_x1/erasure",
                    "application/json", "{\"reason\": \"ticket 5\"}").status()).isEqualTo(202);
            // the holder has read the erasure from the feed once it queued the call's call.erased message
            await().atMost(Duration.ofSeconds(30)).until(() -> ErasureOnRealServersTest.deliveries(first, endpoint).stream()
                    .anyMatch(delivery -> delivery.path("type").asText().equals("call.erased")));
            int before = receiver.received().size();
            refusing.set(false);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().stream().skip(before)
                    .anyMatch(message -> message.body().contains("\"call.erased\"")));
            assertThat(receiver.received().stream().skip(before).map(WebhookReceiver.Received::body).toList())
                    .as("messages sent after the holder read the erasure").isNotEmpty()
                    .noneMatch(body -> body.contains(WORD))
                    .anyMatch(body -> body.contains("\"call.transcript\"") && body.contains("[erased]"));
        } finally {
            running.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void anInstanceThatHadTheKeyInItsCacheShowsTheCallErasedSoonAfterAnotherErasedIt() {
        TestPostgres.Database postgres = TestPostgres.newDatabase();
        TestMongo.Database mongo = TestMongo.newDatabase();
        List<ConfigurableApplicationContext> running = new ArrayList<>();
        try {
            running.add(instance(postgres, mongo));
            running.add(instance(postgres, mongo));
            ApiClient reader = ApiClient.of(running.get(0));
            ApiClient eraser = ApiClient.of(running.get(1));
            ErasureOnTheEmbeddedDefaultTest.storeCall(eraser, "call_y1", "record_y", WORD);
            // the reader opens the call's events with its key, which it keeps (for 10 minutes, as configured here)
            assertThat(reader.get("/api/calls/call_y1/events").body()).contains(WORD);

            assertThat(eraser.withKey(TestApiKeys.PRIVACY).request("POST", "/api/calls/call_y1/erasure",
                    "application/json", "{\"reason\": \"ticket 6\"}").status()).isEqualTo(202);
            // the reader looks for recent erasures every second and forgets their keys
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.get("/api/calls/call_y1/events").body()
                    .contains("[erased]"));
            assertThat(reader.get("/api/calls/call_y1/events").body()).doesNotContain(WORD);
            assertThat(reader.get("/api/changes?callUuid=call_y1").body()).doesNotContain(WORD);
        } finally {
            running.forEach(ConfigurableApplicationContext::close);
        }
    }
}
