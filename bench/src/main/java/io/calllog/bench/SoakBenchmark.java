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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Soak run (issue 5): the all-in-one app on its embedded defaults with {@code -Xmx512m}, under a steady mixed load for
 * {@code bench.soakMinutes} (10):
 * <ul>
 *     <li>ingestion at {@code bench.soakRate} events/s (300): per call, a batch (started, three lines, completed) and
 *     then its summary as a single event, posted by paced lanes;</li>
 *     <li>reads at 20 filtered list pages/s (campaignUuid + status, limit 20) and 20 call details/s;</li>
 *     <li>projection lag: every 20th call is followed from the summary's acknowledgement until its detail shows it.</li>
 * </ul>
 * Every minute it prints the interval's throughput, errors so far, lag p50/p99 and the heap right after a forced full
 * GC. The baseline is the run's own first minute: the heap and lag at the end are compared with it.
 */
final class SoakBenchmark {

    private static final int MINUTES = Integer.getInteger("bench.soakMinutes", 10);
    /** Minutes of the same load before the measured ones: a JVM just started compiles its hot code meanwhile. */
    private static final int WARM_UP_MINUTES = 1;
    private static final int EVENTS_PER_SECOND = Integer.getInteger("bench.soakRate", 300);
    private static final int EVENTS_PER_CALL = 6;
    private static final int READS_PER_SECOND = 20;
    private static final int CAMPAIGNS = 50;
    private static final String[] STATUSES = {"completed", "failed", "busy", "no-answer"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong eventsAcknowledged = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;
    private final ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(2);

    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("calllog-bench-soak");
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        System.out.println("=== Soak run");
        System.out.println("machine:  " + Machine.describe());
        System.out.println("server:   call-log-app (all-in-one), embedded defaults in " + dataDir + ", -Xmx512m; log"
                + " and GC log in " + logs.toAbsolutePath());
        System.out.printf("load:     %d min; %d events/s posted (per call: a batch of 5, then its summary alone); %d list"
                + " pages/s and %d call details/s; lag followed on every 20th call (polled every 50 ms)%n", MINUTES, EVENTS_PER_SECOND,
                READS_PER_SECOND, READS_PER_SECOND);
        System.out.println("baseline: the run's own first measured minute (heap after GC, lag), after a minute of warm-up"
                + " at the same load");
        try (ChildJvm app = ChildJvm.start("call-log-app", 13500,
                ChildJvm.jar(new File(System.getProperty("bench.appJar")), "-Xmx512m",
                        "-Xlog:gc:file=" + logs.resolve("soak-gc.log") + ":uptime"),
                appArgs(dataDir),
                logs.resolve("soak-call-log-app.log"))) {
            ScheduledExecutorService pacer = Executors.newScheduledThreadPool(4);
            ExecutorService clients = Executors.newFixedThreadPool(32);
            long callPeriodMicros = 1_000_000L * EVENTS_PER_CALL / EVENTS_PER_SECOND;
            pacer.scheduleAtFixedRate(() -> clients.submit(() -> postCall(app)), 0, callPeriodMicros,
                    TimeUnit.MICROSECONDS);
            Random random = new Random(7);
            pacer.scheduleAtFixedRate(() -> clients.submit(() -> read(app, "/api/calls?campaignUuid=campaign_"
                            + random.nextInt(CAMPAIGNS) + "&status=" + STATUSES[random.nextInt(4)] + "&limit=20")),
                    0, 1_000_000 / READS_PER_SECOND, TimeUnit.MICROSECONDS);
            pacer.scheduleAtFixedRate(() -> {
                int settled = calls.get() - 200; // calls posted more than about a second ago
                if (settled > 0) {
                    clients.submit(() -> read(app, "/api/calls/soak_" + random.nextInt(settled)));
                }
            }, 0, 1_000_000 / READS_PER_SECOND, TimeUnit.MICROSECONDS);

            Map<String, Long> firstHistogram = Map.of();
            Map<String, Long> lastHistogram = Map.of();
            List<Double> heaps = new ArrayList<>();
            List<Double> lagP99s = new ArrayList<>();
            List<Long> allLags = new ArrayList<>();
            long startedAt = System.nanoTime();
            long lastEvents = 0;
            long lastReads = 0;
            System.out.println();
            System.out.println("minute  events/s  reads/s  errors  lag p50 ms  lag p99 ms  heap after GC MiB");
            for (int elapsed = 1; elapsed <= WARM_UP_MINUTES + MINUTES; elapsed++) {
                int minute = elapsed - WARM_UP_MINUTES; // 0 and below: warming up
                long wakeAt = startedAt + TimeUnit.MINUTES.toNanos(elapsed);
                Thread.sleep(Math.max(0, (wakeAt - System.nanoTime()) / 1_000_000));
                long events = eventsAcknowledged.get();
                long done = reads.get();
                List<Long> interval = new ArrayList<>();
                for (Long lag; (lag = lags.poll()) != null; ) {
                    interval.add(lag);
                }
                Stats lag = Stats.of(interval);
                double heap = app.heapAfterFullGcMiB();
                if (minute == 0) {
                    firstHistogram = app.classHistogram();
                } else if (minute == MINUTES) {
                    lastHistogram = app.classHistogram();
                }
                if (minute >= 1) {
                    allLags.addAll(interval);
                    heaps.add(heap);
                    lagP99s.add(lag.p99Millis());
                }
                System.out.printf("%6s  %8.0f  %7.0f  %6d  %10.0f  %10.0f  %17.0f%n",
                        minute >= 1 ? String.valueOf(minute) : "warm-up",
                        (events - lastEvents) / 60.0, (done - lastReads) / 60.0, errors.get(), lag.p50Millis(),
                        lag.p99Millis(), heap);
                lastEvents = events;
                lastReads = done;
            }
            stopping = true;
            pacer.shutdownNow();
            probes.shutdownNow();
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);

            Stats overall = Stats.of(allLags);
            System.out.println();
            System.out.printf("total: %,d events acknowledged (%,d calls), %,d reads, %d errors%s%n",
                    eventsAcknowledged.get(), calls.get(), reads.get(), errors.get(),
                    firstError.get() == null ? "" : "; first: " + firstError.get());
            System.out.printf("projection lag, ack to visible, the %d measured minutes: %s   (goal: p99 <= 1 s)%n",
                    MINUTES, overall);
            System.out.printf("heap after GC: first minute %.0f MiB, last minute %.0f MiB, highest %.0f MiB"
                            + "   (goal: flat)%n", heaps.get(0), heaps.get(heaps.size() - 1),
                    heaps.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            System.out.printf("lag p99: first minute %.0f ms, last minute %.0f ms%n", lagP99s.get(0),
                    lagP99s.get(lagP99s.size() - 1));
            System.out.println("heap growth from the end of the warm-up to the last minute, by class (after full GC),"
                    + " largest first:");
            ChildJvm.printGrowth(firstHistogram, lastHistogram, 10);
        }
    }

    /** The app's arguments, then those of {@code -Dbench.appArgs}. */
    private static List<String> appArgs(Path dataDir) {
        List<String> args = ChildJvm.withBenchAppArgs(List.of("--calllog.data-dir=" + dataDir,
                "--logging.level.root=WARN", "--management.endpoints.web.exposure.include=health,metrics"));
        System.out.println("app args: " + args.subList(3, args.size()));
        return args;
    }

    private void postCall(ChildJvm app) {
        int number = calls.getAndIncrement();
        String call = "soak_" + number;
        Instant startedAt = Instant.now();
        StringBuilder batch = new StringBuilder("{\"events\":[{\"callUuid\":\"" + call + "\",\"type\":\"started\","
                + "\"campaignUuid\":\"campaign_" + number % CAMPAIGNS + "\",\"recordUuid\":\"record_" + number
                + "\",\"direction\":\"outbound\",\"startedAt\":\"" + startedAt + "\"}");
        for (int seq = 0; seq < 3; seq++) {
            batch.append(",{\"callUuid\":\"").append(call).append("\",\"type\":\"transcript\",\"seq\":").append(seq)
                    .append(",\"role\":\"").append(seq % 2 == 0 ? "assistant" : "user")
                    .append("\",\"text\":\"Line ").append(seq).append(" of a conversation about an offer.\"}");
        }
        batch.append(",{\"callUuid\":\"").append(call).append("\",\"type\":\"completed\",\"status\":\"")
                .append(STATUSES[number % 4]).append("\",\"duration\":").append(30 + number % 200)
                .append(",\"cost\":0.25}]}");
        if (!send(app.request("/api/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())), 200)) {
            return;
        }
        eventsAcknowledged.addAndGet(5);
        if (!send(app.request("/api/calls/" + call + "/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"summarized\",\"summary\":\"Summary of "
                        + call + "\"}")), 201)) {
            return;
        }
        eventsAcknowledged.incrementAndGet();
        if (number % 20 == 0) {
            follow(app, call, System.nanoTime(), 0);
        }
    }

    /**
     * Polls the call's detail until the summary shows, from a scheduler of its own: every 50 ms at first, backing off
     * to 500 ms if it takes long, so that a slow projection is not buried under its own probes (which, polling from
     * the client pool, first took the threads the posts needed and then loaded the server they measured).
     */
    private void follow(ChildJvm app, String call, long acknowledgedAt, int polls) {
        try {
            HttpResponse<String> detail = http.send(app.request("/api/calls/" + call).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (detail.statusCode() == 200 && detail.body().contains("Summary of " + call)) {
                lags.add(System.nanoTime() - acknowledgedAt);
                return;
            }
        } catch (Exception e) {
            error(e.toString());
            return;
        }
        if (System.nanoTime() - acknowledgedAt > TimeUnit.SECONDS.toNanos(30)) {
            error("call " + call + " not visible 30 s after its summary was acknowledged");
            return;
        }
        probes.schedule(() -> follow(app, call, acknowledgedAt, polls + 1), Math.min(500, 50 + polls * 10L),
                TimeUnit.MILLISECONDS);
    }

    private void read(ChildJvm app, String path) {
        if (send(app.request(path).GET(), 200)) {
            reads.incrementAndGet();
        }
    }

    private boolean send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() == expected
                    && (!response.body().contains("\"rejected\":") || response.body().contains("\"rejected\":0"));
            if (!ok) {
                error(response.statusCode() + " " + response.body());
            }
            return ok;
        } catch (Exception e) {
            error(e.toString());
            return false;
        }
    }

    private void error(String description) {
        if (stopping) {
            return; // a request cut short by the end of the run
        }
        errors.incrementAndGet();
        firstError.compareAndSet(null, description);
    }
}
