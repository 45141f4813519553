package io.calllog.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.calllog.testsupport.WebhookReceiver;
import io.calllog.testsupport.WebhookReceiver.Answer;
import io.calllog.testsupport.WebhookReceiver.Received;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Outbound webhooks end to end, against receivers on loopback ports: every delivery verified with the published
 * Standard Webhooks library (com.standardwebhooks), through a rotation; retries keep their {@code webhook-id}; per
 * endpoint and call in order while other calls go on; 410 disables, other 4xx give up; a hanging endpoint holds up no
 * other; the ledger, manual retries and replays; a rebuilt projection sends nothing; redirects not followed; metrics
 * and health; the admin API's refusals.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = CallLogApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"calllog.webhooks.allow-http=true", "calllog.webhooks.allow-private-targets=true",
                "calllog.webhooks.retry-schedule=300ms,300ms,300ms", "calllog.webhooks.timeout=3s",
                "calllog.webhooks.connect-timeout=1s", "calllog.webhooks.lease=6s",
                "calllog.webhooks.failures-to-pause=3"})
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_TYPES = List.of("call.started", "call.transcript", "call.completed",
            "call.summarized");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<String> endpoints = new ArrayList<>();

    private ApiClient client() {
        return new ApiClient(port);
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        return receiver;
    }

    @AfterEach
    void cleanUp() {
        endpoints.forEach(id -> client().request("DELETE", "/api/admin/webhooks/" + id, null, null));
        receivers.forEach(WebhookReceiver::close);
    }

    private JsonNode createEndpoint(String url, List<String> types) {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        types.forEach(body.putArray("types")::add);
        ApiClient.Response created = client().request("POST", "/api/admin/webhooks", "application/json",
                body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        endpoints.add(created.json().path("id").asText());
        return created.json();
    }

    private static String newCall() {
        return "wh-" + UUID.randomUUID();
    }

    private void start(String call) {
        assertThat(client().postEvent(call, "{\"type\":\"started\",\"campaignUuid\":\"camp-wh\",\"recordUuid\":"
                + "\"rec-1\",\"direction\":\"outbound\"}").status()).isIn(200, 201);
    }

    private void line(String call, int seq, String text) {
        assertThat(client().postEvent(call, "{\"type\":\"transcript\",\"seq\":" + seq + ",\"role\":\"user\","
                + "\"text\":\"" + text + "\"}").status()).isIn(200, 201);
    }

    private void complete(String call) {
        assertThat(client().postEvent(call, "{\"type\":\"completed\",\"status\":\"completed\",\"duration\":42,"
                + "\"cost\":0.25,\"recordingUrl\":\"https://rec.example/1.mp3\"}").status()).isIn(200, 201);
    }

    private void summarize(String call, String summary) {
        assertThat(client().postEvent(call, "{\"type\":\"summarized\",\"summary\":\"" + summary + "\"}").status())
                .isIn(200, 201);
    }

    private static JsonNode body(Received received) {
        try {
            return JSON.readTree(received.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + received.body(), e);
        }
    }

    private static Predicate<Received> of(String call) {
        return received -> body(received).path("data").path(received.body().contains("\"call.transcript\"")
                ? "callUuid" : "uuid").asText().equals(call);
    }

    private static List<Received> receivedFor(WebhookReceiver receiver, String call) {
        return receiver.received().stream().filter(of(call)).toList();
    }

    private static List<Received> awaitReceived(WebhookReceiver receiver, String call, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(receiver, call).size() >= count);
        return receivedFor(receiver, call);
    }

    private static void verify(String secret, Received received) throws Exception {
        new Webhook(secret).verify(received.body(), received.headers());
    }

    @Test
    void deliveriesAreSignedPerStandardWebhooksAndCarryTheCallAtThatEvent(CapturedOutput output) throws Exception {
        WebhookReceiver receiver = receiver();
        JsonNode endpoint = createEndpoint(receiver.url("/hooks"), ALL_TYPES);
        String secret = endpoint.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        String call = newCall();
        start(call);
        line(call, 0, "hello there");
        complete(call);
        summarize(call, "a short call");

        List<Received> received = awaitReceived(receiver, call, 4);
        assertThat(received).extracting(r -> body(r).path("type").asText()).containsExactly("call.started",
                "call.transcript", "call.completed", "call.summarized");
        for (Received one : received) {
            verify(secret, one);
            assertThat(one.id()).startsWith("msg_");
            assertThat(one.headers().get("content-type").get(0)).startsWith("application/json");
            assertThat(Long.parseLong(one.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(60L));
            assertThat(body(one).path("timestamp").asText()).isNotEmpty();
        }
        assertThat(received.stream().map(Received::id).distinct()).hasSize(4);
        // a signature made with another secret is refused by the same library: the check is real
        assertThatThrownBy(() -> verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]),
                received.get(0))).isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);

        JsonNode started = body(received.get(0)).path("data");
        assertThat(started.path("status").asText()).isEqualTo("in-progress");
        assertThat(started.path("transcript")).isEmpty();
        JsonNode line = body(received.get(1)).path("data");
        assertThat(line.path("callUuid").asText()).isEqualTo(call);
        assertThat(line.path("campaignUuid").asText()).isEqualTo("camp-wh");
        assertThat(line.path("recordUuid").asText()).isEqualTo("rec-1");
        assertThat(line.path("seq").asInt()).isZero();
        assertThat(line.path("role").asText()).isEqualTo("user");
        assertThat(line.path("text").asText()).isEqualTo("hello there");
        JsonNode completed = body(received.get(2)).path("data");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("summary").isNull()).isTrue();
        assertThat(completed.path("transcript")).hasSize(1);
        // the last message shows the call exactly as the Calls API does once it has every event
        JsonNode shown = client().awaitCall(call, "completed");
        await().atMost(Duration.ofSeconds(30)).until(() -> !client().get("/api/calls/" + call).json().path("summary")
                .isNull());
        assertThat(body(received.get(3)).path("data")).isEqualTo(client().get("/api/calls/" + call).json());
        assertThat(shown.path("uuid").asText()).isEqualTo(call);
        // the secret is shown once: never listed, never read again, never logged
        assertThat(client().get("/api/admin/webhooks/" + endpoint.path("id").asText()).body()).doesNotContain(secret)
                .doesNotContain("\"secret\"");
        assertThat(client().get("/api/admin/webhooks").body()).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(secret.substring(6));
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneUntilItExpires() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonNode endpoint = createEndpoint(receiver.url("/rotate"), List.of("call.started"));
        String id = endpoint.path("id").asText();
        String old = endpoint.path("secret").asText();
        ApiClient.Response rotated = client().post("/api/admin/webhooks/" + id + "/secret");
        assertThat(rotated.status()).isEqualTo(200);
        String current = rotated.json().path("secret").asText();
        assertThat(current).startsWith("whsec_").isNotEqualTo(old);
        Instant expires = Instant.parse(rotated.json().path("previousSecretExpiresAt").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

        String call = newCall();
        start(call);
        Received received = awaitReceived(receiver, call, 1).get(0);
        assertThat(received.signature().split(" ")).hasSize(2).allMatch(entry -> entry.startsWith("v1,"));
        verify(old, received); // a receiver still holding the old secret verifies it
        verify(current, received); // and one that has the new one
        assertThat(client().get("/api/admin/webhooks/" + id).body()).doesNotContain(current).doesNotContain(old);
    }

    @Test
    void aRetryKeepsItsWebhookIdAndTheLedgerRecordsEveryAttempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver receiver = receiver().answering(request ->
                calls.incrementAndGet() <= 2 ? Answer.status(503) : Answer.ok());
        JsonNode endpoint = createEndpoint(receiver.url("/flaky"), List.of("call.started"));
        String id = endpoint.path("id").asText();
        String call = newCall();
        start(call);

        List<Received> received = awaitReceived(receiver, call, 3);
        assertThat(received).extracting(Received::id).containsOnly(received.get(0).id());
        for (Received one : received) {
            verify(endpoint.path("secret").asText(), one);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + id
                + "/deliveries?status=delivered").json().path("deliveries").size() == 1);
        JsonNode delivery = client().get("/api/admin/webhooks/" + id + "/deliveries?status=delivered").json()
                .path("deliveries").get(0);
        assertThat(delivery.path("id").asText()).isEqualTo(received.get(0).id());
        assertThat(delivery.path("callUuid").asText()).isEqualTo(call);
        assertThat(delivery.path("type").asText()).isEqualTo("call.started");
        assertThat(delivery.path("attempts")).hasSize(3);
        assertThat(delivery.path("attempts").get(0).path("statusCode").asInt()).isEqualTo(503);
        assertThat(delivery.path("attempts").get(0).path("error").asText()).contains("503");
        assertThat(delivery.path("attempts").get(2).path("statusCode").asInt()).isEqualTo(200);
        assertThat(delivery.path("attempts").get(2).path("error").isNull()).isTrue();
        assertThat(delivery.path("attempts").get(2).has("latencyMs")).isTrue();
        assertThat(delivery.path("attempts").get(2).path("at").asText()).isNotEmpty();
        assertThat(client().get("/api/admin/webhooks/" + id + "/deliveries/" + delivery.path("id").asText()).json())
                .isEqualTo(delivery);
        assertThat(client().get("/api/admin/webhooks/" + id + "/deliveries?status=pending").json()
                .path("deliveries")).isEmpty();
    }

    @Test
    void aCallsLaterEventsWaitForItsEarlierOneWhileOtherCallsGoOn() {
        String held = newCall();
        String other = newCall();
        AtomicBoolean heldMayPass = new AtomicBoolean();
        WebhookReceiver receiver = receiver().answering(request -> of(held).test(request)
                && body(request).path("type").asText().equals("call.started") && !heldMayPass.get()
                ? Answer.status(500) : Answer.ok());
        createEndpoint(receiver.url("/order"), List.of("call.started", "call.transcript"));
        start(held);
        line(held, 0, "first words");
        start(other);
        line(other, 0, "other words");

        awaitReceived(receiver, other, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(receiver, held).size() >= 3); // retried
        assertThat(receivedFor(receiver, held)).allMatch(r -> body(r).path("type").asText().equals("call.started"));

        heldMayPass.set(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(receiver, held).stream()
                .anyMatch(r -> body(r).path("type").asText().equals("call.transcript")));
        List<Received> heldMessages = receivedFor(receiver, held);
        assertThat(heldMessages.get(heldMessages.size() - 1).body()).contains("call.transcript");
        assertThat(heldMessages.stream().filter(r -> r.body().contains("call.transcript"))).hasSize(1);
    }

    @Test
    void aMessageIsGivenUpOnceItsScheduleIsSpentAndItsCallGoesOn() {
        String call = newCall();
        WebhookReceiver receiver = receiver().answering(request -> request.body().contains("\"call.started\"")
                ? Answer.status(503) : Answer.ok());
        String id = createEndpoint(receiver.url("/spent"), List.of("call.started", "call.transcript")).path("id")
                .asText();
        start(call);
        line(call, 0, "after the start was given up");

        // the first attempt and the three retries of the test's schedule, then the next message of the call
        List<Received> received = awaitReceived(receiver, call, 5);
        assertThat(received.subList(0, 4)).extracting(Received::id).containsOnly(received.get(0).id());
        assertThat(body(received.get(4)).path("type").asText()).isEqualTo("call.transcript");
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + id
                + "/deliveries?status=failed").json().path("deliveries").size() == 1);
        JsonNode failed = client().get("/api/admin/webhooks/" + id + "/deliveries?status=failed").json()
                .path("deliveries").get(0);
        assertThat(failed.path("attempts")).hasSize(4).allMatch(attempt -> attempt.path("statusCode").asInt() == 503);
        assertThat(failed.path("nextAttemptAt").isNull()).isTrue();
        assertThat(meters.get("calllog.webhooks.failures").tag("endpoint", id).tag("outcome", "given-up").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aFailingEndpointIsReportedAndCatchesUpInOrderOnceItAnswersAgain() {
        AtomicBoolean down = new AtomicBoolean(true);
        WebhookReceiver receiver = receiver().answering(request -> down.get() ? Answer.status(503) : Answer.ok());
        String id = createEndpoint(receiver.url("/flapping"), List.of("call.started", "call.transcript"))
                .path("id").asText();
        List<String> calls = List.of(newCall(), newCall(), newCall());
        calls.forEach(this::start);
        await().atMost(Duration.ofSeconds(30)).until(() -> !client().get("/api/admin/webhooks/" + id).json()
                .path("failingSince").isNull());
        assertThat(client().get("/actuator/health/webhooks").json().path("details").path("failing").has(id)).isTrue();
        // what is posted while it fails is delivered once it answers again, in its call's order
        String later = newCall();
        start(later);
        line(later, 0, "said while the endpoint was down");

        down.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(receiver, later).size() == 2);
        assertThat(receivedFor(receiver, later)).extracting(r -> body(r).path("type").asText())
                .containsExactly("call.started", "call.transcript");
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + id).json()
                .path("failingSince").isNull());
    }

    @Test
    void anotherFourHundredGivesTheMessageUpAndTheCallGoesOn() {
        WebhookReceiver receiver = receiver().answering(request -> request.body().contains("\"call.started\"")
                ? Answer.status(400) : Answer.ok());
        JsonNode endpoint = createEndpoint(receiver.url("/refuses"), List.of("call.started", "call.transcript"));
        String id = endpoint.path("id").asText();
        String call = newCall();
        start(call);
        line(call, 0, "still delivered");

        List<Received> received = awaitReceived(receiver, call, 2);
        assertThat(received).extracting(r -> body(r).path("type").asText()).containsExactly("call.started",
                "call.transcript");
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + id
                + "/deliveries?status=failed").json().path("deliveries").size() == 1);
        JsonNode failed = client().get("/api/admin/webhooks/" + id + "/deliveries?status=failed").json()
                .path("deliveries").get(0);
        assertThat(failed.path("attempts")).hasSize(1);
        assertThat(failed.path("attempts").get(0).path("statusCode").asInt()).isEqualTo(400);
        assertThat(failed.path("nextAttemptAt").isNull()).isTrue();
    }

    @Test
    void goneDisablesTheEndpointUntilItIsEnabledAgain() {
        AtomicBoolean gone = new AtomicBoolean(true);
        WebhookReceiver receiver = receiver().answering(request -> gone.get() ? Answer.status(410) : Answer.ok());
        JsonNode endpoint = createEndpoint(receiver.url("/gone"), List.of("call.started", "call.transcript"));
        String id = endpoint.path("id").asText();
        String call = newCall();
        start(call);

        await().atMost(Duration.ofSeconds(30)).until(() -> !client().get("/api/admin/webhooks/" + id).json()
                .path("enabled").asBoolean());
        JsonNode disabled = client().get("/api/admin/webhooks/" + id).json();
        assertThat(disabled.path("disabledReason").asText()).contains("410");
        JsonNode health = client().get("/actuator/health/webhooks").json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("disabled").path(id).asText()).contains("410");
        line(call, 0, "said while it was gone");
        int attemptsWhileGone = receivedFor(receiver, call).size();
        assertThat(attemptsWhileGone).isEqualTo(1);

        gone.set(false);
        ApiClient.Response enabled = client().request("PATCH", "/api/admin/webhooks/" + id, "application/json",
                "{\"enabled\":true}");
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().path("disabledReason").isNull()).isTrue();
        List<Received> received = awaitReceived(receiver, call, 3);
        assertThat(received.get(1).id()).isEqualTo(received.get(0).id()); // the same message, sent again
        assertThat(body(received.get(2)).path("type").asText()).isEqualTo("call.transcript");
    }

    @Test
    void aHangingEndpointHoldsUpNoOther() {
        WebhookReceiver hanging = receiver();
        hanging.holdAll();
        WebhookReceiver healthy = receiver();
        String hangingId = createEndpoint(hanging.url("/hangs"), List.of("call.started", "call.transcript"))
                .path("id").asText();
        createEndpoint(healthy.url("/answers"), List.of("call.started", "call.transcript"));
        List<String> calls = List.of(newCall(), newCall(), newCall());
        for (String call : calls) {
            start(call);
            line(call, 0, "words");
        }
        for (String call : calls) {
            awaitReceived(healthy, call, 2);
        }
        // every message reached the healthy endpoint while the hanging one still holds its first requests unanswered
        assertThat(hanging.received()).isNotEmpty();
        // the hanging attempts end at the timeout (3 s here), recorded as such, to be retried
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + hangingId
                + "/deliveries?status=pending").json().path("deliveries").findValuesAsText("error").contains("timed out"));
        hanging.letGo();
    }

    @Test
    void theLedgerSendsADeliveryAgainAndAReplaySendsARangeAgainWithTheSameIds() {
        WebhookReceiver receiver = receiver();
        String before = client().get("/api/changes?after=now&limit=1").json().path("next").asText();
        JsonNode endpoint = createEndpoint(receiver.url("/again"), List.of("call.started", "call.transcript"));
        String id = endpoint.path("id").asText();
        String first = newCall();
        String second = newCall();
        start(first);
        line(first, 0, "one");
        start(second);
        List<Received> firstMessages = awaitReceived(receiver, first, 2);
        awaitReceived(receiver, second, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + id
                + "/deliveries?status=delivered").json().path("deliveries").size() == 3);

        ApiClient.Response retried = client().post("/api/admin/webhooks/" + id + "/deliveries/"
                + firstMessages.get(1).id() + "/retry");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().path("status").asText()).isEqualTo("pending");
        List<Received> again = awaitReceived(receiver, first, 3);
        assertThat(again.get(2).id()).isEqualTo(firstMessages.get(1).id());
        assertThat(again.get(2).body()).isEqualTo(firstMessages.get(1).body());
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + id + "/deliveries/"
                + firstMessages.get(1).id()).json().path("attempts").size() == 2);

        ApiClient.Response replay = client().request("POST", "/api/admin/webhooks/" + id + "/replay",
                "application/json", "{\"after\":\"" + before + "\"}");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().path("queued").asInt()).isEqualTo(3);
        assertThat(replay.json().path("next").isNull()).isTrue();
        List<Received> replayed = awaitReceived(receiver, first, 5);
        assertThat(replayed.subList(3, 5)).extracting(Received::id).containsExactly(firstMessages.get(0).id(),
                firstMessages.get(1).id());
        assertThat(awaitReceived(receiver, second, 2)).extracting(Received::id).containsOnly(
                receivedFor(receiver, second).get(0).id());

        ApiClient.Response byTime = client().request("POST", "/api/admin/webhooks/" + id + "/replay",
                "application/json", "{\"from\":\"" + Instant.now().minus(Duration.ofHours(1)) + "\"}");
        assertThat(byTime.status()).isEqualTo(202);
        assertThat(byTime.json().path("queued").asInt()).isGreaterThanOrEqualTo(3);
        awaitReceived(receiver, first, 7);
    }

    @Test
    void theLedgerPagesNewestFirstThroughEveryMessageOnce() {
        AtomicInteger answered = new AtomicInteger();
        // the third message fails once: it has a ledger document of its own, the others are recorded per round
        WebhookReceiver receiver = receiver().answering(request -> answered.incrementAndGet() == 3
                ? Answer.status(500) : Answer.ok());
        String id = createEndpoint(receiver.url("/pages"), List.of("call.started", "call.transcript")).path("id")
                .asText();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String call = newCall();
            calls.add(call);
            start(call);
            line(call, 0, "one");
            line(call, 1, "two");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream().map(Received::id).distinct()
                .count() == 9 && client().get("/api/admin/webhooks/" + id + "/deliveries?status=pending").json()
                .path("deliveries").isEmpty());
        List<JsonNode> seen = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = client().get("/api/admin/webhooks/" + id + "/deliveries?limit=4"
                    + (after == null ? "" : "&after=" + after)).json();
            page.path("deliveries").forEach(seen::add);
            after = page.path("next").isNull() ? null : page.path("next").asText();
            assertThat(page.path("deliveries").size()).isLessThanOrEqualTo(4);
        } while (after != null);
        assertThat(seen).hasSize(9);
        assertThat(seen.stream().map(d -> d.path("id").asText()).distinct()).hasSize(9);
        assertThat(seen).extracting(d -> d.path("eventIndex").asLong())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(seen).allMatch(d -> d.path("status").asText().equals("delivered"));
        assertThat(seen).filteredOn(d -> d.path("attempts").size() == 2).hasSize(1);
    }

    @Test
    void rebuildingAProjectionSendsNothing() {
        WebhookReceiver receiver = receiver();
        createEndpoint(receiver.url("/rebuild"), List.of("call.started"));
        String before = newCall();
        start(before);
        awaitReceived(receiver, before, 1);

        assertThat(client().post("/api/admin/projections/calls/replay").status()).isEqualTo(202);
        client().awaitProjection("calls");
        String after = newCall();
        start(after);
        awaitReceived(receiver, after, 1);
        // deliveries follow the event store in order: anything the rebuild had sent would have come before this
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void redirectsAreNotFollowedAndLongAnswersAreReadOnlyInPart() {
        WebhookReceiver target = receiver();
        WebhookReceiver redirecting = receiver().answering(request -> new Answer(302, "",
                Map.of("Location", target.url("/elsewhere"))));
        JsonNode redirected = createEndpoint(redirecting.url("/moved"), List.of("call.started"));
        // an answer far larger than what the service reads (4 KiB): it stops reading, the receiver cannot finish
        WebhookReceiver talkative = receiver().answering(request -> Answer.ofSize(256L * 1024 * 1024));
        JsonNode talked = createEndpoint(talkative.url("/long"), List.of("call.started"));
        String call = newCall();
        start(call);

        awaitReceived(redirecting, call, 1);
        awaitReceived(talkative, call, 1);
        String redirectedId = redirected.path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + redirectedId
                + "/deliveries?status=failed").json().path("deliveries").size() == 1);
        assertThat(client().get("/api/admin/webhooks/" + redirectedId + "/deliveries?status=failed").json()
                .path("deliveries").get(0).path("attempts").get(0).path("statusCode").asInt()).isEqualTo(302);
        String talkedId = talked.path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/api/admin/webhooks/" + talkedId
                + "/deliveries?status=delivered").json().path("deliveries").size() == 1);
        assertThat(target.received()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> talkative.bodiesCutShort() == 1);
        assertThat(talkative.bodiesWritten()).isZero();
    }

    @Test
    void metersCountDeliveriesAndFailuresAndHealthNamesAFailingEndpoint() {
        WebhookReceiver ok = receiver();
        JsonNode good = createEndpoint(ok.url("/ok"), List.of("call.started"));
        WebhookReceiver down = receiver().answering(request -> Answer.status(503));
        JsonNode bad = createEndpoint(down.url("/down"), List.of("call.started"));
        for (int i = 0; i < 4; i++) {
            start(newCall());
        }
        String goodId = good.path("id").asText();
        String badId = bad.path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> ok.received().size() == 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/actuator/health/webhooks").json()
                .path("details").path("failing").has(badId));
        JsonNode failing = client().get("/actuator/health/webhooks").json().path("details").path("failing").path(badId);
        assertThat(failing.path("lastError").asText()).contains("503");
        assertThat(client().get("/api/admin/webhooks/" + badId).json().path("failingSince").isNull()).isFalse();
        assertThat(meters.get("calllog.webhooks.deliveries").tag("endpoint", goodId).counter().count()).isEqualTo(4);
        assertThat(meters.get("calllog.webhooks.failures").tag("endpoint", badId).tag("outcome", "retrying")
                .counter().count()).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("calllog.webhooks.oldest.pending.age")
                .tag("endpoint", badId).gauge().value() > 0);
        assertThat(meters.get("calllog.webhooks.oldest.pending.age").tag("endpoint", goodId).gauge().value())
                .isZero();
        JsonNode served = client().get("/actuator/metrics/calllog.webhooks.deliveries?tag=endpoint:" + goodId).json();
        assertThat(served.path("measurements").get(0).path("value").asDouble()).isEqualTo(4);
    }

    @Test
    void theAdminApiRefusesWhatItCannotTakeNamingTheField() {
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json", "{\"url\":\"http://127.0"
                + ".0.1:1/x\",\"types\":[\"call.started\"],\"colour\":\"red\"}"), 400, "colour");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json",
                "{\"url\":\"http://127.0.0.1:1/x\",\"types\":[\"call.ended\"]}"), 400, "types");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json",
                "{\"url\":\"http://127.0.0.1:1/x\",\"types\":[]}"), 400, "types");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json",
                "{\"types\":[\"call.started\"]}"), 400, "url");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json",
                "{\"url\":\"ftp://example.com/x\",\"types\":[\"call.started\"]}"), 400, "url");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json",
                "{\"url\":\"http://127.0.0.1:1/x\",\"types\":[\"call.started\"],\"after\":\"nope\"}"), 400, "after");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json", "{\"url\":"), 400, "body");
        assertProblem(client().request("POST", "/api/admin/webhooks", "application/json",
                "{\"url\":\"http://127.0.0.1:1/x\",\"types\":[\"call.started\"],\"campaignUuid\":\"a b\"}"), 400,
                "campaignUuid");
        assertProblem(client().get("/api/admin/webhooks/ep_nope"), 404, null);
        assertProblem(client().request("PATCH", "/api/admin/webhooks/ep_nope", "application/json", "{}"), 404, null);
        assertProblem(client().request("DELETE", "/api/admin/webhooks/ep_nope", null, null), 404, null);

        WebhookReceiver receiver = receiver();
        String id = createEndpoint(receiver.url("/admin"), List.of("call.started")).path("id").asText();
        assertProblem(client().request("PATCH", "/api/admin/webhooks/" + id, "application/json",
                "{\"enabled\":\"yes\"}"), 400, "enabled");
        assertProblem(client().get("/api/admin/webhooks/" + id + "/deliveries?status=lost"), 400, "status");
        assertProblem(client().get("/api/admin/webhooks/" + id + "/deliveries?limit=0"), 400, "limit");
        assertProblem(client().get("/api/admin/webhooks/" + id + "/deliveries?colour=red"), 400, "colour");
        assertProblem(client().get("/api/admin/webhooks/" + id + "/deliveries/msg_nope"), 404, null);
        assertProblem(client().request("POST", "/api/admin/webhooks/" + id + "/replay", "application/json", "{}"),
                400, "after");
        assertProblem(client().request("POST", "/api/admin/webhooks/" + id + "/replay", "application/json",
                "{\"from\":\"yesterday\"}"), 400, "from");

        ApiClient.Response patched = client().request("PATCH", "/api/admin/webhooks/" + id, "application/json",
                "{\"types\":[\"call.completed\"],\"description\":\"billing\",\"campaignUuid\":\"camp-9\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("types")).extracting(JsonNode::asText).containsExactly("call.completed");
        assertThat(patched.json().path("description").asText()).isEqualTo("billing");
        assertThat(patched.json().path("campaignUuid").asText()).isEqualTo("camp-9");
        assertThat(client().get("/api/admin/webhooks").json().path("webhooks")).anyMatch(e -> e.path("id").asText()
                .equals(id));
        assertThat(client().withKey(io.calllog.testsupport.TestApiKeys.READ).get("/api/admin/webhooks")
                .status()).isEqualTo(403);
        assertThat(client().request("DELETE", "/api/admin/webhooks/" + id, null, null).status()).isEqualTo(204);
        assertProblem(client().get("/api/admin/webhooks/" + id), 404, null);
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().path("errors")).as(response.body())
                    .anyMatch(error -> error.path("field").asText().equals(field));
        }
        assertThatCode(response::json).doesNotThrowAnyException();
    }
}
