package io.calllog.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The change stream over a real HTTP connection: changes arrive as Server-Sent Events as they are stored, each with
 * the cursor after it as its id; a client that reconnects with {@code Last-Event-ID} gets what followed, once;
 * comment lines keep an idle stream alive; a bad cursor is a 400 problem before the stream starts.
 */
@SpringBootTest(classes = CallLogApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"calllog.changes.heartbeat-interval=200ms", "calllog.changes.subscriber-buffer=300"})
class ChangeStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One Server-Sent Event as read: its id, name and data (a comment line is an event named "comment"). */
    record Sse(String id, String event, String data) {
    }

    /** An open stream, read line by line. */
    final class Stream implements AutoCloseable {
        private final java.util.stream.Stream<String> lines;
        private final Iterator<String> reader;

        Stream(String query, String lastEventId) throws Exception {
            this(null, "/api/changes/stream" + query, lastEventId);
        }

        Stream(String call, String pathAndQuery, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + pathAndQuery)).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + TestApiKeys.ALL_ROLES);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            lines = response.body();
            reader = lines.iterator();
        }

        /** The next event or comment, waiting at most 30 s. */
        Sse next() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                while (reader.hasNext()) {
                    String line = reader.next();
                    if (line.startsWith(":")) {
                        return new Sse(null, "comment", line.substring(1));
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && (event != null || data.length() > 0)) {
                        return new Sse(id, event, data.toString());
                    }
                }
                return null;
            }).get(30, TimeUnit.SECONDS);
        }

        /** The next {@code count} changes, heartbeats skipped. */
        List<Sse> changes(int count) throws Exception {
            List<Sse> changes = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (changes.size() < count) {
                assertThat(System.nanoTime()).as("%d changes within 30 s; got %s", count, changes).isLessThan(deadline);
                Sse next = next();
                assertThat(next).as("the stream ended early").isNotNull();
                if (!next.event().equals("comment")) {
                    changes.add(next);
                }
            }
            return changes;
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    /**
     * A client that sends its request and then never reads: its socket's buffers fill, the server's write to it
     * blocks, and its buffer of 300 events fills behind that.
     */
    private Socket stalledSubscriber() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4_096);
        socket.connect(new InetSocketAddress("localhost", port));
        socket.getOutputStream().write(("GET /api/changes/stream?after=now HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestApiKeys.ALL_ROLES + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private double meter(String name) {
        return meters.get(name).meter().measure().iterator().next().getValue();
    }

    @Test
    void aStalledSubscriberIsHeldToItsBufferAndEndedWithoutSlowingTheOthers() throws Exception {
        ApiClient client = new ApiClient(port);
        String text = "x".repeat(8_000);
        int batches = 15;
        int perBatch = 100;
        double overflowsBefore = meter("calllog.changes.overflows");
        try (Stream reading = new Stream("?after=now&type=transcript", null); Socket stalled = stalledSubscriber()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> meter("calllog.changes.subscribers") >= 2);
            List<Sse> received = new ArrayList<>();
            double mostBuffered = 0;
            for (int batch = 0; batch < batches; batch++) {
                String call = "stalled_" + batch;
                List<String> items = new ArrayList<>(List.of(item(call, "{\"type\":\"started\",\"campaignUuid\":"
                        + "\"c_stall\",\"recordUuid\":\"r\",\"direction\":\"inbound\"}")));
                for (int seq = 0; seq < perBatch; seq++) {
                    items.add(item(call, "{\"type\":\"transcript\",\"seq\":" + seq
                            + ",\"role\":\"user\",\"text\":\"" + text + "\"}"));
                }
                assertThat(client.postBatch("{\"events\":[" + String.join(",", items) + "]}").status())
                        .isEqualTo(200);
                // the reading client keeps up batch by batch while the other one reads nothing
                received.addAll(reading.changes(perBatch));
                mostBuffered = Math.max(mostBuffered, meter("calllog.changes.buffered"));
            }
            assertThat(received).hasSize(batches * perBatch);
            assertThat(received).extracting(Sse::data).allMatch(data -> data.contains(text));
            // the stalled client cost at most its buffer, then was stopped with an overflow (12 MB were stored
            // for it: far more than the sockets between it and the server hold, 4 MB here, plus its buffer)
            assertThat(meter("calllog.changes.overflows")).isEqualTo(overflowsBefore + 1);
            assertThat(mostBuffered).isLessThanOrEqualTo(300 + perBatch + 1);
        }
        // once the stalled client goes, its stream ends and nothing of it is left
        await().atMost(Duration.ofSeconds(30)).until(() -> meter("calllog.changes.subscribers") == 0);
        assertThat(meter("calllog.changes.buffered")).isZero();
    }

    private static String item(String call, String json) {
        return "{\"callUuid\":\"" + call + "\"," + json.substring(1);
    }

    @Test
    void changesArriveAsTheyAreStoredAndAReconnectWithTheLastEventIdGetsWhatFollowedOnce() throws Exception {
        ApiClient client = new ApiClient(port);
        String call = "streamed_call";
        String started = "{\"type\":\"started\",\"campaignUuid\":\"c_stream\",\"recordUuid\":\"r\",\"direction\":\"inbound\"}";
        List<Sse> first;
        try (Stream stream = new Stream("?after=now&callUuid=" + call, null)) {
            client.postBatch("{\"events\":[" + item(call, started) + ","
                    + item(call, "{\"type\":\"transcript\",\"seq\":0,\"role\":\"user\",\"text\":\"hello\"}") + ","
                    + item(call, "{\"type\":\"transcript\",\"seq\":1,\"role\":\"assistant\",\"text\":\"hi\"}") + "]}");
            first = stream.changes(3);
        }
        assertThat(first).extracting(Sse::event).containsExactly("started", "transcript", "transcript");
        JsonNode line = JSON.readTree(first.get(1).data());
        assertThat(line.get("callUuid").asText()).isEqualTo(call);
        assertThat(line.get("campaignUuid").asText()).isEqualTo("c_stream");
        assertThat(line.get("sequence").asLong()).isEqualTo(1);
        assertThat(line.get("data").get("text").asText()).isEqualTo("hello");
        assertThat(first).allSatisfy(event -> assertThat(event.id()).startsWith("c1."));

        // the client saw the first two, reconnects with the second's id: the third comes again, then what is new
        client.postEvent(call, "{\"type\":\"completed\",\"status\":\"completed\",\"duration\":3,\"cost\":0.1}");
        try (Stream resumed = new Stream("?callUuid=" + call, first.get(1).id())) {
            List<Sse> rest = resumed.changes(2);
            assertThat(rest).extracting(Sse::event).containsExactly("transcript", "completed");
            assertThat(rest.get(0).id()).isEqualTo(first.get(2).id());
            assertThat(JSON.readTree(rest.get(1).data()).get("sequence").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aCallsStreamStartsWithItsSnapshotThenItsEventsAsRecordedAndResumesAfterTheLastEventId() throws Exception {
        ApiClient client = new ApiClient(port);
        String call = "one_call_streamed";
        client.postEvent(call, "{\"type\":\"started\",\"campaignUuid\":\"c_one\",\"recordUuid\":\"r\","
                + "\"direction\":\"outbound\"}");
        client.postEvent(call, "{\"type\":\"transcript\",\"seq\":0,\"role\":\"assistant\",\"text\":\"hello\"}");
        JsonNode shown = client.awaitCall(call, "in-progress");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/calls/" + call).json()
                .get("transcript").size() == 1);
        shown = client.get("/api/calls/" + call).json();

        Sse line;
        try (Stream stream = new Stream(call, "/api/calls/" + call + "/stream", null)) {
            Sse snapshot = stream.changes(1).get(0);
            assertThat(snapshot.event()).isEqualTo("snapshot");
            assertThat(snapshot.id()).isEqualTo("1");
            assertThat(JSON.readTree(snapshot.data())).as("as GET /api/calls/{uuid} shows it").isEqualTo(shown);

            client.postEvent(call, "{\"type\":\"transcript\",\"seq\":1,\"role\":\"user\",\"text\":\"hi\"}");
            line = stream.changes(1).get(0);
            assertThat(line.event()).isEqualTo("transcript");
            assertThat(line.id()).isEqualTo("2");
            assertThat(JSON.readTree(line.data()).get("data").get("text").asText()).isEqualTo("hi");
        }
        client.postEvent(call, "{\"type\":\"completed\",\"status\":\"completed\",\"duration\":3,\"cost\":0.1}");
        try (Stream resumed = new Stream(call, "/api/calls/" + call + "/stream", line.id())) {
            Sse completed = resumed.changes(1).get(0);
            assertThat(completed.event()).as("no snapshot on a resume: what followed").isEqualTo("completed");
            assertThat(completed.id()).isEqualTo("3");
            client.postEvent(call, "{\"type\":\"summarized\",\"summary\":\"after the end\"}");
            assertThat(resumed.changes(1).get(0).event()).as("open after the call ended").isEqualTo("summarized");
        }
        assertThat(client.get("/api/calls/no_such_call/stream").status()).isEqualTo(404);
    }

    @Test
    void anIdleStreamGetsCommentLinesAndABadCursorIsRefusedBeforeItStarts() throws Exception {
        try (Stream idle = new Stream("?after=now&callUuid=nobody_calls", null)) {
            assertThat(idle.next().event()).isEqualTo("comment");
        }
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/changes/stream?after=nonsense")).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestApiKeys.ALL_ROLES).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"after\"");
    }
}
