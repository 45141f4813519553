package io.calllog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbound webhooks benchmark (issue 17), on the all-in-one app with its embedded defaults: {@code bench.endpoints}
 * (10) endpoints on loopback receivers subscribed to every message type, and one more whose port nothing listens on
 * (down the whole time), while {@code bench.webhookRate} (500) events/s are posted for {@code bench.webhookSeconds}
 * (60 s), in batches of a tenth of the rate every 100 ms (each call's events over a second; or one per request with
 * {@code -Dbench.webhookBatches=false}), after 20 s of the same unmeasured. It prints the time from each event's
 * 2xx to its delivery at each endpoint, whether every endpoint got every message (and how many more than once), what
 * the down endpoint has pending, and the app's CPU; the baseline, in the same run before any endpoint exists, is the
 * same posting (20 s unmeasured, 30 s measured) with its POST latency and CPU.
 */
final class WebhookBenchmark {

    private static final int ENDPOINTS = Integer.getInteger("bench.endpoints", 10);
    private static final int RATE = Integer.getInteger("bench.webhookRate", 500);
    private static final int SECONDS = Integer.getInteger("bench.webhookSeconds", 60);
    private static final int WARM_UP_SECONDS = 20;
    private static final int BASELINE_SECONDS = 30;
    /**
     * Whether events are posted in batches (every 100 ms, a tenth of the rate in one request), as the default command
     * does, or one per request ({@code -Dbench.webhookBatches=false}: on 2 cores the posting alone then saturates the
     * embedded event store below 500 events/s).
     */
    private static final boolean BATCHES = Boolean.parseBoolean(System.getProperty("bench.webhookBatches", "true"));
    private static final int LANES = 32;
    private static final String HEAP = "-Xmx512m";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The 2xx time of each measured event (call:step). */
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    /** Per endpoint: the receipt time of each message's first delivery, by event (call:step). */
    private final List<Map<String, Long>> firstReceipts = new ArrayList<>();
    private final AtomicLong duplicates = new AtomicLong();

    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("calllog-bench-webhooks");
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        long total = (long) RATE * SECONDS;
        System.out.println("=== Webhooks benchmark");
        System.out.println("machine:  " + Machine.describe());
        System.out.println("server:   call-log-app (all-in-one), embedded defaults in " + dataDir + ", " + HEAP
                + "; log in " + logs.toAbsolutePath());
        System.out.printf("load:     %d endpoints on loopback receivers (every message type) and 1 down (nothing "
                + "listens); %d events/s for %d s (%,d events, %,d messages to deliver) posted "
                + "%s, after %d s of the same unmeasured; before the endpoints exist, the same posting as a baseline%n",
                ENDPOINTS, RATE, SECONDS, total, total * ENDPOINTS, BATCHES ? "in batches of " + RATE / 10
                        + " events every 100 ms (POST /api/events; each call's events over a second)"
                        : "one per request from " + LANES + " lanes", WARM_UP_SECONDS);
        ExecutorService receiving = Executors.newFixedThreadPool(16);
        List<HttpServer> receivers = new ArrayList<>();
        for (int e = 0; e < ENDPOINTS; e++) {
            Map<String, Long> receipts = new ConcurrentHashMap<>();
            firstReceipts.add(receipts);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_000);
            server.createContext("/", exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    long now = System.nanoTime();
                    String key = keyOf(JSON.readTree(body));
                    if (receipts.putIfAbsent(key, now) != null) {
                        duplicates.incrementAndGet();
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.setExecutor(receiving);
            server.start();
            receivers.add(server);
        }
        int downPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = free.getLocalPort(); // closed again: nothing listens there
        }
        List<String> args = ChildJvm.withBenchAppArgs(List.of("--calllog.data-dir=" + dataDir,
                "--logging.level.root=WARN", "--management.endpoints.web.exposure.include=health,metrics",
                "--calllog.webhooks.allow-http=true", "--calllog.webhooks.allow-private-targets=true"));
        try (ChildJvm app = ChildJvm.start("call-log-app", 13500,
                ChildJvm.jar(new File(System.getProperty("bench.appJar")), HEAP), args,
                logs.resolve("call-log-app-webhooks.log"))) {
            HttpClient posting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // baseline: the same posting with no endpoint at all, after the same warm-up
            paced(app, posting, (long) RATE * WARM_UP_SECONDS, "base_warm_", new ArrayList<>());
            CpuMeter cpu = new CpuMeter(app.pid());
            List<Long> baselineLatencies = new ArrayList<>();
            Map<String, Double> baselineCpuBefore = cpu.sample();
            long baselineStarted = System.nanoTime();
            paced(app, posting, (long) RATE * BASELINE_SECONDS, "base_", baselineLatencies);
            double baselineSeconds = (System.nanoTime() - baselineStarted) / 1e9;
            Map<String, Double> baselineCpuAfter = cpu.sample();

            List<String> ids = new ArrayList<>();
            for (HttpServer receiver : receivers) {
                ids.add(create(app, posting, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks"));
            }
            String down = create(app, posting, "http://127.0.0.1:" + downPort + "/hooks");
            Thread.sleep(3_000); // every endpoint held by the app's delivery

            List<Long> postLatencies = new ArrayList<>();
            paced(app, posting, (long) RATE * WARM_UP_SECONDS, "warm_", new ArrayList<>());
            Map<String, Double> cpuBefore = cpu.sample();
            long started = System.nanoTime();
            paced(app, posting, total, "hook_", postLatencies);
            double postSeconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> cpuAfter = cpu.sample();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && firstReceipts.stream().anyMatch(r -> measured(r) < total)) {
                Thread.sleep(200);
            }
            double drainSeconds = (System.nanoTime() - started) / 1e9 - postSeconds;

            List<Long> latencies = new ArrayList<>();
            long early = 0;
            long missing = 0;
            for (Map<String, Long> receipts : firstReceipts) {
                for (Map.Entry<String, Long> ack : acks.entrySet()) {
                    Long receipt = receipts.get(ack.getKey());
                    if (receipt == null) {
                        missing++;
                    } else if (receipt < ack.getValue()) {
                        early++;
                        latencies.add(0L);
                    } else {
                        latencies.add(receipt - ack.getValue());
                    }
                }
            }
            System.out.printf("posted %,d events in %.1f s (%.0f events/s); the last delivery %.1f s after the last "
                    + "post%n", total, postSeconds, total / postSeconds, drainSeconds);
            System.out.println("2xx to delivery, every event x endpoint: " + Stats.of(latencies)
                    + "   (goal: p99 <= 500 ms)" + (early > 0 ? "; " + early + " deliveries came before the 2xx" : ""));
            System.out.println("the POST itself, meanwhile:               " + Stats.of(postLatencies));
            System.out.println("while posting, " + CpuMeter.cores(cpuBefore, cpuAfter, postSeconds)
                    + " (of " + Runtime.getRuntime().availableProcessors() + ")");
            System.out.printf("baseline, the same posting with no endpoint (%d s, %.0f events/s): POST %s; %s%n",
                    BASELINE_SECONDS, RATE * BASELINE_SECONDS / baselineSeconds, Stats.of(baselineLatencies),
                    CpuMeter.cores(baselineCpuBefore, baselineCpuAfter, baselineSeconds));
            System.out.printf("messages delivered: %,d of %,d (missing %,d); delivered more than once: %,d%n",
                    (long) acks.size() * ENDPOINTS - missing, (long) acks.size() * ENDPOINTS, missing,
                    duplicates.get());
            JsonNode downNow = get(app, posting, "/api/admin/webhooks/" + down);
            JsonNode pending = get(app, posting, "/api/admin/webhooks/" + down + "/deliveries?status=pending&limit=100");
            System.out.printf("the down endpoint: failing since %s (%s); pending in the ledger (first page): %d; its "
                    + "position stays behind until a retry gets through%n", downNow.path("failingSince").asText(),
                    downNow.path("lastError").asText(), pending.path("deliveries").size());
            System.out.println("server " + app.heapAfterFullGc());
        } finally {
            receivers.forEach(server -> server.stop(0));
            receiving.shutdownNow();
        }
    }

    private long measured(Map<String, Long> receipts) {
        return acks.keySet().stream().filter(receipts::containsKey).count();
    }

    /** call:step of a delivered message, from its body. */
    private static String keyOf(JsonNode body) {
        JsonNode data = body.path("data");
        return switch (body.path("type").asText()) {
            case "call.transcript" -> data.path("callUuid").asText() + ":" + (data.path("seq").asInt() + 1);
            case "call.completed" -> data.path("uuid").asText() + ":" + (PacedCalls.EVENTS_PER_CALL - 1);
            case "call.started" -> data.path("uuid").asText() + ":0";
            default -> data.path("uuid").asText() + ":summary";
        };
    }

    private static String create(ChildJvm app, HttpClient http, String url) throws Exception {
        HttpResponse<String> created = http.send(app.request("/api/admin/webhooks")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\"" + url + "\",\"types\":[\"call.started\",\"call.transcript\",\"call.completed\","
                                + "\"call.summarized\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating an endpoint answered " + created.statusCode() + ": "
                    + created.body());
        }
        return JSON.readTree(created.body()).path("id").asText();
    }

    private static JsonNode get(ChildJvm app, HttpClient http, String path) throws Exception {
        return JSON.readTree(http.send(app.request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * Posts {@code total} events at {@link #RATE}, one per request (or in batches with {@code bench.webhookBatches}),
     * keeping the 2xx time of each event of the measured calls.
     */
    private void paced(ChildJvm app, HttpClient http, long total, String calls, List<Long> postLatencies)
            throws Exception {
        PacedCalls.Acks keep = (call, step, acked) -> {
            if (calls.equals("hook_")) {
                acks.put(call + ":" + step, acked);
            }
        };
        if (BATCHES) {
            new PacedCalls(app, http, RATE, 1).postBatches(total, calls, postLatencies, keep);
        } else {
            new PacedCalls(app, http, RATE, LANES).post(total, calls, postLatencies, keep);
        }
    }
}
