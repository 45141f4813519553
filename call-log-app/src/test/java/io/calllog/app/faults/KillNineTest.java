package io.calllog.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The all-in-one app on its embedded defaults, in a process of its own, killed with SIGKILL in the middle of a load
 * run. After a restart on the same data directory, every event that was acknowledged with a 2xx is in the event store
 * (posting it again is answered "duplicate", which the aggregate decides from the stored events) and, once the
 * projection has caught up, in the read model.
 */
class KillNineTest {

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventSurvivesAKillNineMidLoad() throws Exception {
        int port = AppProcess.freePort();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AppProcess app = start(port);
        try {
            ApiClient client = app.client();
            AtomicBoolean killed = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                Thread thread = new Thread(() -> {
                    for (int batch = 0; !killed.get(); batch++) {
                        String call = "kill9_" + worker + "_" + batch;
                        String body = FiveEventCall.batch(call, "c_kill");
                        try {
                            ApiClient.Response response = client.postBatch(body);
                            if (response.status() == 200 && response.json().get("rejected").asInt() == 0) {
                                acknowledged.put(call, body);
                            }
                        } catch (UncheckedIOException connectionLost) {
                            return; // the process is gone: this request's outcome is unknown, as for any client
                        }
                    }
                });
                thread.start();
                workers.add(thread);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40);
            app.kill(); // SIGKILL: no shutdown hook, no flush, no close
            killed.set(true);
            for (Thread worker : workers) {
                worker.join();
            }
        } finally {
            app.kill();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);

        try (AppProcess restarted = start(port)) {
            ApiClient client = restarted.client();
            for (Map.Entry<String, String> call : acknowledged.entrySet()) {
                JsonNode again = client.postBatch(call.getValue()).json();
                assertThat(again.get("duplicates").asInt()).as(call.getKey() + ": " + again).isEqualTo(5);
            }
            client.awaitProjection("calls");
            for (String call : acknowledged.keySet()) {
                JsonNode projected = client.awaitCall(call, "completed");
                assertThat(projected.get("transcript").findValuesAsText("text"))
                        .containsExactly("line 0", "line 1", "line 2");
            }
        }
    }

    /** The app on this test's classpath (so with the test keys), embedded defaults under the data directory. */
    private AppProcess start(int port) {
        return AppProcess.start(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CallLogApplication.class.getName()), dataDir, port, List.of("--logging.level.root=WARN"));
    }
}
