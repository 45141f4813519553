package io.calllog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.eventstore.CallCompletedUpcaster;
import io.calllog.eventstore.EventStoreConfiguration;
import io.calllog.eventstore.TrackedEventsWithGapsStatement;
import io.calllog.eventstore.personal.DataKeys;
import io.calllog.eventstore.personal.PersonalDataSerializer;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.h2.jdbcx.JdbcDataSource;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Replay benchmark (issue 4), on the all-in-one app with its embedded defaults, run as its own JVM ({@link #HEAP}):
 * loads {@code bench.replayCalls} calls of 25 events each (1,000,000 events for 40,000 calls),
 * then
 * <ol>
 *     <li>the baseline: with the app stopped, reads every event from the same event store file through Axon's JDBC
 *     storage engine with the app's serializer, deserialising each payload, and projecting nothing;</li>
 *     <li>the app again, and a replay of the {@code calls} projection through the admin API: time from the request
 *     to the replay's {@code done}, with the progress the API shows on the way.</li>
 * </ol>
 */
final class ReplayBenchmark {

    private static final int CALLS = Integer.getInteger("bench.replayCalls", 40_000);
    private static final int EVENTS_PER_CALL = 25; // started, 22 lines, completed, summarized
    private static final int CALLS_PER_BATCH = 40; // 1,000 events per request
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The app's heap here. At -Xmx512m the app ran out of memory while loading the million events: the embedded H2
     * event store, written with WRITE_DELAY=0, grew its file to 6 GB and H2 keeps metadata of every chunk in memory
     * (see docs/benchmarks.md). The replay itself is what this benchmark measures, so it gets room.
     */
    private static final String HEAP = "-Xmx2g";
    /** Events per query, as the app reads them ({@code calllog.eventstore.batch-size} in call-log-app). */
    private static final int READ_BATCH = 1_000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    void run() throws Exception {
        // -Dbench.replayDataDir: a data directory a previous run loaded, to compare settings without loading again
        String reuse = System.getProperty("bench.replayDataDir", "");
        // (a directory with no events yet is loaded, so that later runs can reuse it)
        boolean reused = !reuse.isBlank() && Files.exists(Path.of(reuse, "events.mv.db"));
        Path dataDir = reuse.isBlank() ? Files.createTempDirectory("calllog-bench-replay")
                : Files.createDirectories(Path.of(reuse));
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        long events = (long) CALLS * EVENTS_PER_CALL;
        System.out.println("=== Replay benchmark");
        System.out.println("machine:  " + Machine.describe());
        System.out.println("server:   call-log-app (all-in-one), embedded defaults (H2 event store, mongo-java-server"
                + " H2 backend) in " + dataDir + ", " + HEAP + "; log in " + logs.toAbsolutePath());
        System.out.printf("data:     %,d calls x %d events (started, 22 lines, completed, summarized) = %,d events%n",
                CALLS, EVENTS_PER_CALL, events);
        if (reused) {
            System.out.println("reusing the events loaded in " + dataDir + " by an earlier run");
        } else {
            try (ChildJvm app = startApp(dataDir, logs.resolve("call-log-app-load.log"))) {
                long started = System.nanoTime();
                load(app);
                System.out.printf("loaded in %.1f s; waiting for the projections to catch up%n",
                        (System.nanoTime() - started) / 1e9);
                awaitCaughtUp(app, "calls");
                awaitCaughtUp(app, "campaign-stats");
            }
        }

        double rawRate = 0;
        for (int round = 1; round <= 2; round++) { // the first warms up the JIT
            long[] read = readRaw(dataDir);
            rawRate = read[0] / (read[1] / 1e9);
            System.out.printf("baseline round %d: read %,d events from the event store without projecting in %.1f s:"
                    + " %,.0f events/s%n", round, read[0], read[1] / 1e9, rawRate);
        }

        try (ChildJvm app = startApp(dataDir, logs.resolve("call-log-app-replay.log"))) {
            awaitCaughtUp(app, "calls");
            // As the baseline's first round, the first replay runs in a JVM that has just started: the JIT compiles
            // the projection's path while it runs. The second shows a replay in a running service.
            double cold = replay(app, "1, the app just started");
            double warm = replay(app, "2, the same app again");
            System.out.println();
            System.out.printf("replay of the calls projection, the app just started: %,.0f events/s%n", cold);
            System.out.printf("replay of the calls projection, in the running app:   %,.0f events/s   (goal: >= 40,000)%n",
                    warm);
            System.out.printf("baseline, reading the same events without projecting: %,.0f events/s%n", rawRate);
            System.out.printf("ratio replay / raw read: %.2f just started, %.2f running   (goal: >= 0.40)%n",
                    cold / rawRate, warm / rawRate);
            // the change feed reads the same events through the API: a client following the cursors from the start
            feed(app, "1 (warm-up)");
            double feed = feed(app, "2");
            System.out.printf("change feed, paged reads of 1,000 through the API: %,.0f changes/s, ratio %.2f to the "
                    + "raw read   (goal: >= 50,000 changes/s)%n", feed, feed / rawRate);
            System.out.println("call-log-app after the replays (" + HEAP + "): " + app.heapAfterFullGc());
        }
    }

    /** Requests a replay of {@code calls}, prints its progress every 5 s until it is done, and answers events/s. */
    private double replay(ChildJvm app, String round) throws Exception {
        System.out.println("replay " + round + ":");
        long start = System.nanoTime();
        HttpResponse<String> requested = send(app, app.request("/api/admin/projections/calls/replay")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (requested.statusCode() != 202) {
            throw new IllegalStateException("replay refused: " + requested.statusCode() + " " + requested.body());
        }
        JsonNode status = JSON.readTree(requested.body());
        long lastPrinted = 0;
        while (!status.get("state").asText().equals("done")) {
            if (status.get("state").asText().equals("failed")) {
                throw new IllegalStateException("replay failed: " + status);
            }
            Thread.sleep(250);
            status = JSON.readTree(get(app, "/api/admin/projections/calls/replay"));
            if (System.nanoTime() - lastPrinted > 5_000_000_000L) {
                lastPrinted = System.nanoTime();
                System.out.printf("  progress (admin API): %s, %,d of %,d events, %s events/s, %s s left%n",
                        status.get("state").asText(), status.get("eventsDone").asLong(),
                        status.get("eventsTotal").asLong(), rounded(status.get("eventsPerSecond")),
                        status.get("secondsLeft").isNull() ? "?" : status.get("secondsLeft").asText());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = status.get("eventsTotal").asLong();
        JsonNode calls = JSON.readTree(get(app, "/api/calls?limit=1"));
        if (calls.get("total").asLong() != CALLS) {
            throw new IllegalStateException("after the replay the calls projection holds "
                    + calls.get("total").asLong() + " calls, not " + CALLS);
        }
        double rate = total / seconds;
        System.out.printf("  %,d events in %.1f s = %,.0f events/s; all %,d calls rebuilt%n", total, seconds, rate,
                CALLS);
        return rate;
    }

    /**
     * Follows {@code GET /api/changes} from the start, 1,000 changes a page, until a page is empty, checks it saw
     * every event once, and answers changes/s (HTTP and JSON on both sides included).
     */
    private double feed(ChildJvm app, String round) throws Exception {
        long start = System.nanoTime();
        long changes = 0;
        String after = null;
        while (true) {
            JsonNode page = JSON.readTree(get(app, "/api/changes?limit=1000" + (after == null ? "" : "&after=" + after)));
            int size = page.get("changes").size();
            changes += size;
            after = page.get("next").asText();
            if (size == 0) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long expected = (long) CALLS * EVENTS_PER_CALL;
        if (changes != expected) {
            throw new IllegalStateException("the change feed handed out " + changes + " changes, not " + expected);
        }
        double rate = changes / seconds;
        System.out.printf("change feed %s: %,d changes in %.1f s = %,.0f changes/s%n", round, changes, seconds, rate);
        return rate;
    }

    private static String rounded(JsonNode rate) {
        return rate == null || rate.isNull() ? "?" : String.format("%,.0f", rate.asDouble());
    }

    private static ChildJvm startApp(Path dataDir, Path log) throws Exception {
        List<String> args = ChildJvm.withBenchAppArgs(List.of("--calllog.data-dir=" + dataDir,
                "--logging.level.root=WARN", "--logging.level.io.calllog.query.projection=INFO",
                "--management.endpoints.web.exposure.include=health,metrics"));
        return ChildJvm.start("call-log-app", 13300,
                ChildJvm.jar(new File(System.getProperty("bench.appJar")), HEAP), args, log);
    }

    private void load(ChildJvm app) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> posts = new ArrayList<>();
        for (int from = 0; from < CALLS; from += CALLS_PER_BATCH) {
            int first = from;
            posts.add(clients.submit(() -> {
                List<String> items = new ArrayList<>(CALLS_PER_BATCH * EVENTS_PER_CALL);
                for (int c = first; c < Math.min(CALLS, first + CALLS_PER_BATCH); c++) {
                    String call = "r_call_" + c;
                    Instant startedAt = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(c * 61L);
                    items.add("""
                            {"callUuid":"%s","type":"started","campaignUuid":"campaign_%d","recordUuid":"record_%d","direction":"outbound","startedAt":"%s"}"""
                            .formatted(call, c % 50, c, startedAt));
                    for (int seq = 0; seq < 22; seq++) {
                        items.add("""
                                {"callUuid":"%s","type":"transcript","seq":%d,"role":"%s","text":"Line %d of the conversation, about as long as people speak in one breath."}"""
                                .formatted(call, seq, seq % 2 == 0 ? "assistant" : "user", seq));
                    }
                    items.add("""
                            {"callUuid":"%s","type":"completed","status":"completed","duration":%d,"cost":0.45}"""
                            .formatted(call, 60 + c % 300));
                    items.add("""
                            {"callUuid":"%s","type":"summarized","summary":"The customer asked about the offer and agreed to a follow-up."}"""
                            .formatted(call));
                }
                HttpResponse<String> response = send(app, app.request("/api/events")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + String.join(",", items) + "]}"))
                        .build());
                if (response.statusCode() != 200 || !response.body().contains("\"rejected\":0")) {
                    throw new IllegalStateException("load failed: " + response.statusCode() + " " + response.body());
                }
                return null;
            }));
        }
        for (Future<?> post : posts) {
            post.get();
        }
        clients.shutdown();
    }

    private void awaitCaughtUp(ChildJvm app, String projection) throws Exception {
        while (true) {
            JsonNode status = JSON.readTree(get(app, "/api/admin/projections/" + projection));
            if (status.path("state").asText().equals("running") && status.path("lag").asLong(-1) == 0) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Reads every event through Axon's JDBC engine, payload deserialised: {events, nanoseconds}. */
    private static long[] readRaw(Path dataDir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dataDir.resolve("events") + ";ACCESS_MODE_DATA=r");
        dataSource.setUser("sa");
        // the app's serializer: personal fields opened with their call's key, read from the same file
        Serializer serializer = new PersonalDataSerializer(new DataKeys(dataSource, Duration.ofMinutes(10),
                Clock.systemUTC()));
        // read as the app reads: the same batch size, the same statement for a token with gaps, the same upcaster
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .batchSize(READ_BATCH)
                .readEventDataWithGaps(TrackedEventsWithGapsStatement::build)
                .upcasterChain(new CallCompletedUpcaster())
                .schema(EventStoreConfiguration.eventSchema())
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        long start = System.nanoTime();
        long count = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(null, false)) {
            for (var iterator = events.iterator(); iterator.hasNext(); ) {
                if (iterator.next().getPayload() != null) {
                    count++;
                }
            }
        }
        return new long[]{count, System.nanoTime() - start};
    }

    private String get(ChildJvm app, String path) throws Exception {
        return send(app, app.request(path).timeout(Duration.ofSeconds(60)).GET().build()).body();
    }

    private HttpResponse<String> send(ChildJvm app, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
