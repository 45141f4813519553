package io.calllog.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.app.CallLogApplication;
import io.calllog.app.faults.FiveEventCall;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.AppProcess;
import io.calllog.testsupport.WebhookReceiver;
import io.calllog.testsupport.WebhookReceiver.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The all-in-one app in a process of its own, killed with SIGKILL while it delivers webhooks under load. After a
 * restart on the same data directory, every message of every acknowledged event reaches the receiver; a message that
 * arrives twice (sent before the kill, not yet recorded) comes again with its own {@code webhook-id} and the same
 * body, never as a new message; and each call's messages first arrive in the call's order.
 */
class WebhookKillNineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CALL_TYPES = List.of("call.started", "call.transcript", "call.transcript",
            "call.transcript", "call.completed");

    @TempDir
    Path dataDir;

    @Test
    void everyMessageOfAnAcknowledgedEventIsDeliveredAfterAKillNineMidDelivery() throws Exception {
        int port = AppProcess.freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            AppProcess app = start(port);
            try {
                ApiClient client = app.client();
                ApiClient.Response created = client.request("POST", "/api/admin/webhooks", "application/json",
                        "{\"url\":\"" + receiver.url("/kill") + "\",\"types\":[\"call.started\",\"call.transcript\","
                                + "\"call.completed\"]}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                AtomicBoolean killed = new AtomicBoolean();
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int worker = w;
                    Thread thread = new Thread(() -> {
                        for (int batch = 0; !killed.get(); batch++) {
                            String call = "whkill_" + worker + "_" + batch;
                            try {
                                ApiClient.Response response = client.postBatch(FiveEventCall.batch(call, "c_whkill"));
                                if (response.status() == 200 && response.json().get("rejected").asInt() == 0) {
                                    acknowledged.add(call);
                                }
                            } catch (UncheckedIOException connectionLost) {
                                return;
                            }
                        }
                    });
                    thread.start();
                    workers.add(thread);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 200);
                app.kill(); // SIGKILL mid-delivery: attempts in flight, rounds not yet recorded
                killed.set(true);
                for (Thread worker : workers) {
                    worker.join();
                }
            } finally {
                app.kill();
            }
            int beforeRestart = receiver.received().size();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);

            try (AppProcess restarted = start(port)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> messagesByCall(receiver).keySet()
                        .containsAll(acknowledged) && acknowledged.stream().allMatch(call ->
                        distinctIds(messagesByCall(receiver).get(call)) == CALL_TYPES.size()));
                assertThat(receiver.received().size()).isGreaterThan(beforeRestart);
                Map<String, List<Received>> byCall = messagesByCall(receiver);
                for (String call : acknowledged) {
                    List<Received> messages = byCall.get(call);
                    // duplicates only as the same message again: one id, one body
                    Map<String, Set<String>> bodiesById = messages.stream().collect(Collectors.groupingBy(
                            Received::id, Collectors.mapping(Received::body, Collectors.toSet())));
                    assertThat(bodiesById).hasSize(CALL_TYPES.size());
                    assertThat(bodiesById.values()).allMatch(bodies -> bodies.size() == 1);
                    // first arrivals in the call's order
                    List<String> firstArrivals = new ArrayList<>();
                    Map<String, Boolean> seen = new HashMap<>();
                    for (Received message : messages) {
                        if (seen.putIfAbsent(message.id(), true) == null) {
                            firstArrivals.add(body(message).path("type").asText());
                        }
                    }
                    assertThat(firstArrivals).as(call).containsExactlyElementsOf(CALL_TYPES);
                }
            }
        }
    }

    private static long distinctIds(List<Received> messages) {
        return messages == null ? 0 : messages.stream().map(Received::id).distinct().count();
    }

    private static JsonNode body(Received received) {
        try {
            return JSON.readTree(received.body());
        } catch (Exception e) {
            throw new AssertionError(received.body(), e);
        }
    }

    private static Map<String, List<Received>> messagesByCall(WebhookReceiver receiver) {
        return receiver.received().stream().collect(Collectors.groupingBy(message -> {
            JsonNode data = body(message).path("data");
            return data.has("callUuid") ? data.path("callUuid").asText() : data.path("uuid").asText();
        }));
    }

    private AppProcess start(int port) {
        return AppProcess.start(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CallLogApplication.class.getName()), dataDir, port, List.of("--logging.level.root=WARN",
                "--calllog.webhooks.allow-http=true", "--calllog.webhooks.allow-private-targets=true",
                "--calllog.webhooks.timeout=2s", "--calllog.webhooks.lease=5s",
                "--calllog.webhooks.retry-schedule=200ms,500ms,1s,2s,5s"));
    }
}
