package io.calllog.bench;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live change stream benchmark (issue 15), on the all-in-one app with its embedded defaults: {@code bench.subscribers}
 * (1,000) clients follow {@code GET /api/changes/stream?after=now} while {@code bench.streamRate} (200) events/s are
 * posted for {@code bench.streamSeconds} (30 s) through the single-event endpoint. It prints the time from each
 * sampled event's 2xx to its receipt by every subscriber (baseline in the same run: the POST's own latency), whether
 * every subscriber received every event, overflows, and the server's heap after a full GC with the subscribers
 * connected against the same without them.
 */
final class StreamBenchmark {

    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1_000);
    private static final int RATE = Integer.getInteger("bench.streamRate", 200);
    private static final int SECONDS = Integer.getInteger("bench.streamSeconds", 30);
    /** The same load first, unmeasured, so that the JIT has compiled the paths measured (as in the other benchmarks). */
    private static final int WARM_UP_SECONDS = 60;
    private static final int LANES = 32; // each posts synchronously: enough that 200/s holds while a POST takes 100 ms
    private static final String HEAP = "-Xmx512m";
    /**
     * Whether events are posted in batches (every 100 ms, a tenth of the rate in one {@code POST /api/events}, each
     * call's events over a second), as the default command does, or one per request
     * ({@code -Dbench.streamBatches=false}: on 2 cores that posting alone takes most of the machine at 200 events/s).
     */
    private static final boolean BATCHES = Boolean.parseBoolean(System.getProperty("bench.streamBatches", "true"));

    /** Receipt times of the sampled events (call:sequence), one per subscriber that got it. */
    private final Map<String, ConcurrentLinkedQueue<Long>> receipts = new ConcurrentHashMap<>();
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger overflows = new AtomicInteger();
    private final List<AtomicLong> perSubscriber = new ArrayList<>();

    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("calllog-bench-stream");
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        long total = (long) RATE * SECONDS;
        System.out.println("=== Change stream benchmark");
        System.out.println("machine:  " + Machine.describe());
        System.out.println("server:   call-log-app (all-in-one), embedded defaults in " + dataDir + ", " + HEAP
                + "; log in " + logs.toAbsolutePath());
        System.out.printf("load:     %,d subscribers on /api/changes/stream?after=now; %d events/s for %d s (%,d events) "
                + "%s, after %d s of the same unmeasured; a fifth of the events timed at every subscriber%n",
                SUBSCRIBERS, RATE, SECONDS, total, BATCHES ? "in batches of " + RATE / 10 + " every 100 ms (POST "
                        + "/api/events, each call's events over a second)" : "on the single-event endpoint from "
                        + LANES + " lanes", WARM_UP_SECONDS);
        List<String> args = ChildJvm.withBenchAppArgs(List.of("--calllog.data-dir=" + dataDir,
                "--logging.level.root=WARN", "--management.endpoints.web.exposure.include=health,metrics"));
        try (ChildJvm app = ChildJvm.start("call-log-app", 13400,
                ChildJvm.jar(new File(System.getProperty("bench.appJar")), HEAP), args,
                logs.resolve("call-log-app-stream.log"))) {
            HttpClient posting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            post(app, posting, "warm_up", 0, 200); // a call before anyone listens
            double heapAlone = app.heapAfterFullGcMiB();
            Map<String, Long> histogramAlone = app.classHistogram();

            List<SseSubscribers.Listener> listeners = new ArrayList<>();
            for (int s = 0; s < SUBSCRIBERS; s++) {
                AtomicLong count = new AtomicLong();
                perSubscriber.add(count);
                listeners.add(new Lines(count));
            }
            SseSubscribers streams = new SseSubscribers(app.port(), "/api/changes/stream?after=now",
                    app.authorization(), listeners);
            Thread.sleep(5_000); // every stream open and caught up to the head
            double heapWith = app.heapAfterFullGcMiB();
            Map<String, Long> histogramWith = app.classHistogram();

            List<Long> postLatencies = new ArrayList<>();
            CpuMeter cpu = new CpuMeter(app.pid());
            Map<String, Double> cpuBefore;
            long started;
            paced(app, posting, (long) RATE * WARM_UP_SECONDS, "warm_", new ArrayList<>());
            cpuBefore = cpu.sample();
            started = System.nanoTime();
            paced(app, posting, total, "stream_", postLatencies);
            double postSeconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> cpuAfter = cpu.sample();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && perSubscriber.stream().anyMatch(c -> c.get() < total)) {
                Thread.sleep(200);
            }

            List<Long> latencies = new ArrayList<>();
            long early = 0;
            for (Map.Entry<String, Long> ack : acks.entrySet()) {
                for (long receipt : receipts.getOrDefault(ack.getKey(), new ConcurrentLinkedQueue<>())) {
                    if (receipt < ack.getValue()) {
                        early++;
                        latencies.add(0L);
                    } else {
                        latencies.add(receipt - ack.getValue());
                    }
                }
            }
            long complete = perSubscriber.stream().filter(c -> c.get() == total).count();
            System.out.printf("posted %,d events in %.1f s (%.0f events/s)%n", total, postSeconds, total / postSeconds);
            System.out.println("2xx to receipt, sampled events x subscribers: " + Stats.of(latencies)
                    + "   (goal: p99 <= 250 ms)" + (early > 0 ? "; " + early + " receipts came before the 2xx" : ""));
            System.out.println("baseline, the POST itself:                     " + Stats.of(postLatencies));
            System.out.println("while posting, " + CpuMeter.cores(cpuBefore, cpuAfter, postSeconds)
                    + " (of " + Runtime.getRuntime().availableProcessors() + ")");
            System.out.printf("subscribers that received every event: %,d of %,d; changes received %,d of %,d; "
                    + "overflows %d%n", complete, SUBSCRIBERS, received.get(), total * SUBSCRIBERS, overflows.get());
            System.out.printf("server heap after full GC: %.0f MiB alone, %.0f MiB with %,d subscribers connected: "
                    + "%.1f MiB for them   (goal: <= 64 MiB)%n", heapAlone, heapWith, SUBSCRIBERS, heapWith - heapAlone);
            System.out.println("what the connected subscribers hold, by class, largest first:");
            ChildJvm.printGrowth(histogramAlone, histogramWith, 15);
            System.out.printf("streams still open at the end: %,d of %,d%n", streams.open(), SUBSCRIBERS);
            streams.close();
        }
    }

    /** Posts {@code total} events at {@link #RATE}, keeping each sampled event's 2xx time. */
    private void paced(ChildJvm app, HttpClient http, long total, String calls, List<Long> postLatencies)
            throws Exception {
        PacedCalls.Acks keep = (call, step, acked) -> {
            if (sampled(step) && calls.equals("stream_")) {
                acks.put(call + ":" + step, acked);
            }
        };
        if (BATCHES) {
            new PacedCalls(app, http, RATE, 1).postBatches(total, calls, postLatencies, keep);
        } else {
            new PacedCalls(app, http, RATE, LANES).post(total, calls, postLatencies, keep);
        }
    }

    private void post(ChildJvm app, HttpClient http, String call, int from, int count) throws Exception {
        for (int step = from; step < from + count && step < PacedCalls.EVENTS_PER_CALL; step++) {
            http.send(app.request("/api/calls/" + call + "/events").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(PacedCalls.event(step))).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** One subscriber's lines: counts changes, notes the receipt of sampled ones, counts an overflow. */
    private final class Lines implements SseSubscribers.Listener {
        private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] OVERFLOW = "event:overflow".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CALL = "\"callUuid\":\"stream_".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SEQUENCE = "\"sequence\":".getBytes(StandardCharsets.US_ASCII);
        private final AtomicLong count;

        Lines(AtomicLong count) {
            this.count = count;
        }

        @Override
        public void line(byte[] line, int from, int to) {
            if (startsWith(line, from, to, OVERFLOW)) {
                overflows.incrementAndGet();
                return;
            }
            int call = startsWith(line, from, to, DATA) ? indexOf(line, from, to, CALL) : -1;
            if (call < 0) {
                return;
            }
            long now = System.nanoTime();
            count.incrementAndGet();
            received.incrementAndGet();
            int sequenceAt = indexOf(line, call, to, SEQUENCE) + SEQUENCE.length;
            int sequence = 0;
            for (int i = sequenceAt; i < to && line[i] >= '0' && line[i] <= '9'; i++) {
                sequence = sequence * 10 + (line[i] - '0');
            }
            if (sampled(sequence)) {
                int callStart = call + CALL.length - "stream_".length();
                int callEnd = callStart;
                while (line[callEnd] != '"') {
                    callEnd++;
                }
                String key = new String(line, callStart, callEnd - callStart, StandardCharsets.US_ASCII) + ":"
                        + sequence;
                receipts.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(now);
            }
        }

        private static boolean startsWith(byte[] line, int from, int to, byte[] prefix) {
            return to - from >= prefix.length && Arrays.equals(line, from, from + prefix.length, prefix, 0,
                    prefix.length);
        }

        private static int indexOf(byte[] line, int from, int to, byte[] pattern) {
            for (int i = from; i <= to - pattern.length; i++) {
                if (Arrays.equals(line, i, i + pattern.length, pattern, 0, pattern.length)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The events timed at every subscriber: each call's start and its fifth event (a fifth of the events). */
    private static boolean sampled(int sequence) {
        return sequence == 0 || sequence == 5;
    }
}
