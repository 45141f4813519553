package io.calllog.bench;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls API benchmark (issue 3), on the all-in-one app with its embedded defaults (H2 event store, in-process
 * mongo-java-server read model on its H2 backend), run as its own JVM with {@code -Xmx512m}:
 * <ol>
 *     <li>list latency of a filtered page ({@code campaignUuid} + {@code status}, limit 20) at 10,000 and at 100,000
 *     calls, next to the latency of reading one call by uuid through the same stack (the baseline: a keyed read);</li>
 *     <li>projection lag under a steady 500 events/s: from the 2xx of a posted event to the moment
 *     {@code GET /api/calls/{uuid}} shows it.</li>
 * </ol>
 */
final class QueryBenchmark {

    private static final String[] STATUSES = {"completed", "failed", "busy", "no-answer"};
    private static final int CAMPAIGNS = 100;
    /**
     * Queries per list measurement. A p99 of 100 samples is their second slowest, so one pause decides it; 1,000
     * samples make it the tenth slowest.
     */
    private static final int QUERIES = Integer.getInteger("bench.queries", 1_000);
    private static final int WARM_UP = 50;
    private static final int LAG_SECONDS = 30;
    private static final int LAG_RATE = Integer.getInteger("bench.lagRate", 500);
    private static final int LANES = 16;
    /** Which events are followed to visibility, and how often each is polled: light enough not to load the app. */
    private static final int CHECK_EVERY = 100;
    private static final int POLL_MILLIS = 20;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(42);
    private int loadedCalls;

    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("calllog-bench-query");
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        System.out.println("=== Calls API benchmark");
        System.out.println("machine:  " + Machine.describe());
        System.out.println("server:   call-log-app (all-in-one), embedded defaults (H2 event store, mongo-java-server"
                + " H2 backend) in " + dataDir + ", -Xmx512m; log in " + logs.toAbsolutePath());
        System.out.println("data:     calls of " + CAMPAIGNS + " campaigns, each started + 2 lines + completed (one in"
                + " five still in progress); " + QUERIES + " sequential queries per measurement");
        try (ChildJvm app = ChildJvm.start("call-log-app", 13000,
                ChildJvm.jar(new File(System.getProperty("bench.appJar")), "-Xmx512m",
                        "-Xlog:gc:file=" + logs.resolve("call-log-app-gc.log") + ":uptime"),
                List.of("--calllog.data-dir=" + dataDir, "--logging.level.root=WARN",
                        "--management.endpoints.web.exposure.include=health,metrics"),
                logs.resolve("call-log-app.log"))) {
            String only = System.getProperty("bench.only", "all");
            for (int target : only.equals("lag") ? new int[0] : new int[]{10_000, 100_000}) {
                long started = System.nanoTime();
                load(app, target);
                System.out.printf("%nloaded %,d calls (%,d events) and projected them in %.1f s%n", target,
                        (long) target * 4, (System.nanoTime() - started) / 1e9);
                measureLists(app, target);
            }
            measureLag(app);
            System.out.println();
            System.out.println("call-log-app after the run (-Xmx512m): " + app.heapAfterFullGc());
        }
    }

    private void load(ChildJvm app, int target) throws Exception {
        int alreadyLoaded = loadedCalls;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> posts = new ArrayList<>();
        for (int from = loadedCalls; from < target; from += 250) {
            int first = from;
            int last = Math.min(target, from + 250);
            posts.add(clients.submit(() -> {
                List<String> items = new ArrayList<>();
                for (int c = first; c < last; c++) {
                    String call = "q_call_" + c;
                    Instant createdAt = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(c * 37L);
                    items.add("""
                            {"callUuid":"%s","type":"started","campaignUuid":"campaign_%d","recordUuid":"record_%d","direction":"outbound","startedAt":"%s"}"""
                            .formatted(call, c % CAMPAIGNS, c % 5000, createdAt));
                    items.add("""
                            {"callUuid":"%s","type":"transcript","seq":0,"role":"assistant","text":"Hello, this is Sarah from Call Camp. How are you today?"}"""
                            .formatted(call));
                    items.add("""
                            {"callUuid":"%s","type":"transcript","seq":1,"role":"user","text":"I'm good, thanks for calling."}"""
                            .formatted(call));
                    if (c % 5 != 4) {
                        items.add("""
                                {"callUuid":"%s","type":"completed","status":"%s","duration":%d,"cost":0.45}"""
                                .formatted(call, STATUSES[(c / CAMPAIGNS) % 4], 30 + c % 300));
                    }
                }
                HttpResponse<String> response = post(app, "/api/events", "{\"events\":[" + String.join(",", items) + "]}");
                if (response.statusCode() != 200 || !response.body().contains("\"rejected\":0")) {
                    throw new IllegalStateException("load failed: " + response.statusCode());
                }
                return null;
            }));
        }
        for (var post : posts) {
            post.get();
        }
        clients.shutdown();
        loadedCalls = target;
        // the projection is asynchronous: wait, with keyed reads only (a list query scans on mongo-java-server and
        // would compete with the projection), until a sample of calls shows its last event; then check the total
        for (int c = target - 1; c >= alreadyLoaded; c -= Math.max(1, (target - alreadyLoaded) / 50)) {
            String expected = c % 5 == 4 ? "\"status\":\"in-progress\"" : "\"status\":\"" + STATUSES[(c / CAMPAIGNS) % 4] + "\"";
            while (!get(app, "/api/calls/q_call_" + c).body().contains(expected)) {
                Thread.sleep(100);
            }
        }
        while (true) {
            String body = get(app, "/api/calls?limit=1").body();
            if (Long.parseLong(body.replaceAll("(?s).*\"total\":(\\d+).*", "$1")) >= target) {
                return;
            }
            Thread.sleep(1_000);
        }
    }

    private void measureLists(ChildJvm app, int calls) throws Exception {
        List<Long> filtered = new ArrayList<>();
        List<Long> byUuid = new ArrayList<>();
        for (int i = 0; i < QUERIES + WARM_UP; i++) {
            String query = "/api/calls?campaignUuid=campaign_" + random.nextInt(CAMPAIGNS) + "&status="
                    + STATUSES[random.nextInt(STATUSES.length)] + "&limit=20";
            long start = System.nanoTime();
            HttpResponse<String> page = get(app, query);
            long listed = System.nanoTime() - start;
            String detail = "/api/calls/q_call_" + random.nextInt(calls);
            start = System.nanoTime();
            HttpResponse<String> one = get(app, detail);
            long read = System.nanoTime() - start;
            if (page.statusCode() != 200 || one.statusCode() != 200) {
                throw new IllegalStateException("query failed: " + page.statusCode() + " " + one.statusCode());
            }
            if (i >= WARM_UP) {
                filtered.add(listed);
                byUuid.add(read);
            }
        }
        System.out.printf("at %,d calls: filtered page (campaignUuid+status, limit 20): %s   (goal at 100,000: p99 <= 100 ms)%n",
                calls, Stats.of(filtered));
        System.out.printf("at %,d calls: baseline, one call by uuid:                   %s%n", calls, Stats.of(byUuid));
    }

    /**
     * Posts a steady 500 events/s for 30 s from 16 paced lanes and measures ack-to-visible for every 100th event (5
     * checks/s), each check polling the call's detail every 20 ms. Denser probing loads the server enough to slow the
     * projection it measures, and the slower the projection the more checks run at once: polling every 10 ms on every
     * 50th event from a pool of 8 checkers measured the checkers' queue as much as the projection.
     */
    private void measureLag(ChildJvm app) throws Exception {
        ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        AtomicLong posted = new AtomicLong(); // POSTs finished, however
        AtomicLong polls = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        int eventsPerCall = 10; // started + 8 lines + completed
        // enough lanes that each lane's period (32 ms at 500/s) stays above a POST's latency, so the rate holds; and
        // a checker per check, so that waiting for a free checker never counts as lag
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(LANES);
        ExecutorService checkers = Executors.newCachedThreadPool();
        long periodMicros = 1_000_000L * LANES / LAG_RATE;
        long total = (long) LAG_RATE * LAG_SECONDS;
        for (int lane = 0; lane < LANES; lane++) {
            int laneId = lane;
            AtomicLong next = new AtomicLong();
            pacer.scheduleAtFixedRate(() -> {
                long n = next.getAndIncrement();
                if (n * LANES + laneId >= total) {
                    return;
                }
                long event = n * LANES + laneId;
                String call = "lag_call_" + laneId + "_" + (n / eventsPerCall);
                int step = (int) (n % eventsPerCall);
                String json = step == 0
                        ? "{\"type\":\"started\",\"campaignUuid\":\"campaign_lag\",\"recordUuid\":\"r\",\"direction\":\"inbound\"}"
                        : step == eventsPerCall - 1
                        ? "{\"type\":\"completed\",\"status\":\"completed\",\"duration\":60,\"cost\":0.1}"
                        : "{\"type\":\"transcript\",\"seq\":" + (step - 1) + ",\"role\":\"user\",\"text\":\"line " + step + "\"}";
                try {
                    long start = System.nanoTime();
                    HttpResponse<String> response = post(app, "/api/calls/" + call + "/events", json);
                    long acked = System.nanoTime();
                    acks.add(acked - start);
                    sent.incrementAndGet();
                    if (response.statusCode() != 201) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, response.statusCode() + " " + response.body());
                        return;
                    }
                    if (event % CHECK_EVERY != 0) {
                        return;
                    }
                    // what shows the event, and stays: a start shows as the call itself (it may be completed by then)
                    String expect = step == 0 ? "\"uuid\":\"" + call + "\""
                            : step == eventsPerCall - 1 ? "\"status\":\"completed\"" : "\"text\":\"line " + step + "\"";
                    checkers.submit(() -> {
                        try {
                            while (polls.incrementAndGet() > 0
                                    && !get(app, "/api/calls/" + call).body().contains(expect)) {
                                Thread.sleep(POLL_MILLIS);
                            }
                            lags.add(System.nanoTime() - acked);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                        return null;
                    });
                } catch (InterruptedException stoppedAtTheDeadline) {
                    Thread.currentThread().interrupt(); // not the service's error: shows as events not sent
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                } finally {
                    posted.incrementAndGet();
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(LAG_SECONDS + 30).toNanos();
        // every lane posts all its events before the lanes stop: stopping them earlier interrupted POSTs in flight,
        // which counted as errors of the service
        while ((lags.size() + errors.get() < total / CHECK_EVERY || posted.get() < total)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        pacer.shutdownNow();
        checkers.shutdownNow();
        List<Long> measured = new ArrayList<>(lags);
        Collections.sort(measured);
        System.out.printf("%nprojection lag at a steady %d events/s for %d s (%,d of %,d events sent, %d errors; every"
                + " %dth event checked, polling every %d ms, %,d GETs):%n", LAG_RATE, LAG_SECONDS, sent.get(), total,
                errors.get(), CHECK_EVERY, POLL_MILLIS, polls.get());
        if (firstError.get() != null) {
            System.out.println("first error: " + firstError.get());
        }
        System.out.printf("ack to visible on GET /api/calls/{uuid}: %s   (goal: p99 <= 1 s)%n", Stats.of(measured));
        System.out.printf("baseline, the ack itself (POST latency):  %s%n", Stats.of(new ArrayList<>(acks)));
    }

    private HttpResponse<String> get(ChildJvm app, String path) throws Exception {
        return http.send(app.request(path)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ChildJvm app, String path, String json) throws Exception {
        return http.send(app.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
