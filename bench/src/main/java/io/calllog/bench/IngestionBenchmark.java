package io.calllog.bench;

import io.calllog.bench.baseline.BaselineIngestionApplication;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingestion benchmark (issue 2):
 * <ol>
 *     <li>per-append latency at lines 1-10 versus lines 991-1,000 of a call, one client posting one line at a time;</li>
 *     <li>throughput of 1,000 calls x (started + 20 lines + completed + summarized) posted by 4 concurrent HTTP
 *     clients, on the single-event and on the batch endpoint, for call-command and for a baseline that stores the
 *     same rows with plain JDBC behind the same HTTP stack, in the same run, on the same PostgreSQL.</li>
 * </ol>
 * Both servers run as separate JVMs with {@code -Xmx512m}. Each throughput figure is the median of 3 rounds, after 3
 * warm-up rounds (the JIT compiler otherwise dominates rounds this short on 2 cores); every round uses new calls and
 * is checked afterwards: every posted event stored exactly once.
 */
final class IngestionBenchmark {

    private static final int CALLS = 1_000;
    private static final int LINES = 20;
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_ROUNDS = 3;
    private static final int CALLS_PER_BATCH = 40;
    private static final int LATENCY_CALLS = 10;
    private static final int LONG_CALL_LINES = 1_000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger round = new AtomicInteger();
    private final String only = System.getProperty("bench.only", "all");
    private ChildJvm service;
    private String serviceDb;
    private String baselineDb;
    private int verifiedRounds;

    void run() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        System.out.println("=== Ingestion benchmark");
        System.out.println("machine:  " + Machine.describe());
        try (BenchPostgres postgres = new BenchPostgres()) {
            System.out.println("database: " + postgres.describe());
            serviceDb = postgres.createDatabase("calllog");
            baselineDb = postgres.createDatabase("baseline");
            postgres.runScript("baseline", Path.of(System.getProperty("bench.schema")));
            System.out.println("data:     " + CALLS + " calls x (started + " + LINES + " lines + completed + summarized) = "
                    + CALLS * (LINES + 3) + " events per round; " + CLIENTS + " concurrent clients; batches of "
                    + CALLS_PER_BATCH + " calls (" + CALLS_PER_BATCH * (LINES + 3) + " events); median of "
                    + ROUNDS + " rounds after " + WARM_UP_ROUNDS + " warm-up rounds");
            System.out.println("servers:  call-command and the plain-JDBC baseline, each its own JVM with -Xmx512m;"
                    + " logs in " + logs.toAbsolutePath());
            List<String> datasource = List.of("--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    "--management.endpoints.web.exposure.include=health,metrics",
                    "--logging.level.root=WARN");
            List<String> serviceArgs = new ArrayList<>(datasource);
            serviceArgs.add("--spring.datasource.url=" + serviceDb);
            List<String> baselineArgs = new ArrayList<>(datasource);
            baselineArgs.add("--spring.datasource.url=" + baselineDb);
            // its tables come from the script above; Flyway, on this classpath with call-command's properties, would
            // refuse the schema it did not create
            baselineArgs.add("--spring.flyway.enabled=false");
            File serviceJar = new File(System.getProperty("bench.serviceJar"));
            try (ChildJvm service = ChildJvm.start("call-command", 18081,
                    ChildJvm.jar(serviceJar, "-Xmx512m"), serviceArgs,
                    logs.resolve("call-command.log"));
                 ChildJvm baseline = ChildJvm.start("baseline", 18082,
                         ChildJvm.onThisClasspath(BaselineIngestionApplication.class.getName(), "-Xmx512m"),
                         baselineArgs, logs.resolve("baseline.log"))) {

                this.service = service;
                boolean single = !only.equals("batch");
                boolean batch = !only.equals("single");
                System.out.println();
                System.out.println("warm-up: " + WARM_UP_ROUNDS + " rounds of each scenario on each server ...");
                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                    if (single) {
                        throughputSingle(service);
                        throughputSingle(baseline);
                    }
                    if (batch) {
                        throughputBatch(service);
                        throughputBatch(baseline);
                    }
                }
                if (single) {
                    latency(service);
                }

                System.out.println();
                System.out.println("--- throughput, events/s (" + ROUNDS + " rounds, median; each round's rates in brackets)");
                if (single) {
                    report("single-event endpoint", rounds(service, () -> throughputSingle(service)),
                            rounds(baseline, () -> throughputSingle(baseline)), "goal: >= 1,500 and ratio >= 0.50");
                }
                if (batch) {
                    report("batch endpoint       ", rounds(service, () -> throughputBatch(service)),
                            rounds(baseline, () -> throughputBatch(baseline)), "goal: >= 20,000");
                }
                System.out.println();
                System.out.println("call-command after the run (-Xmx512m): " + service.heapAfterFullGc()
                        + (service.isAlive() ? ", still running" : ", DEAD"));
                System.out.println("events in call-command's event store: " + count(serviceDb, "domain_event_entry")
                        + "; rounds verified (every posted event stored exactly once): " + verifiedRounds);
            }
        }
    }

    private static void report(String what, double[] service, double[] baseline, String goal) {
        double rate = Stats.median(service);
        double base = Stats.median(baseline);
        System.out.printf("%s: call-command %,.0f events/s %s | baseline %,.0f events/s %s | ratio %.2f   (%s)%n",
                what, rate, brackets(service), base, brackets(baseline), rate / base, goal);
    }

    private static String brackets(double[] rates) {
        StringBuilder text = new StringBuilder("[");
        for (double r : rates) {
            text.append(text.length() > 1 ? " " : "").append(String.format("%,.0f", r));
        }
        return text.append("]").toString();
    }

    private interface Round {
        double run() throws Exception;
    }

    private static double[] rounds(ChildJvm server, Round round) throws Exception {
        CpuMeter cpu = new CpuMeter(server.pid());
        var before = cpu.sample();
        double[] results = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            results[i] = round.run();
        }
        System.out.println("  " + server.name() + ": " + CpuMeter.perThousandEvents(before, cpu.sample(),
                ROUNDS * CALLS * (LINES + 3)));
        return results;
    }

    private void latency(ChildJvm server) throws Exception {
        List<Long> early = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        String prefix = "latency" + round.incrementAndGet();
        for (int c = 0; c < LATENCY_CALLS; c++) {
            String call = prefix + "_call_" + c;
            expect(post(server, "/api/calls/" + call + "/events", """
                    {"type":"started","campaignUuid":"campaign_l","recordUuid":"record_l","direction":"inbound"}"""), 201);
            for (int seq = 0; seq < LONG_CALL_LINES; seq++) {
                String line = """
                        {"type":"transcript","seq":%d,"role":"user","text":"I think it renews in June, but I would have to check the paperwork."}"""
                        .formatted(seq);
                long start = System.nanoTime();
                HttpResponse<String> response = post(server, "/api/calls/" + call + "/events", line);
                long elapsed = System.nanoTime() - start;
                expect(response, 201);
                if (seq < 10) {
                    early.add(elapsed);
                } else if (seq >= LONG_CALL_LINES - 10) {
                    late.add(elapsed);
                }
            }
        }
        Stats first = Stats.of(early);
        Stats last = Stats.of(late);
        System.out.println();
        System.out.println("--- per-append latency, single-event endpoint, one client, " + LATENCY_CALLS + " calls x "
                + LONG_CALL_LINES + " lines");
        System.out.println("lines 1-10:      " + first);
        System.out.println("lines 991-1000:  " + last);
        System.out.printf("ratio of p50s (991-1000 / 1-10): %.2f   (goal: <= 1.5)%n", last.p50Millis() / first.p50Millis());
    }

    private double throughputSingle(ChildJvm server) throws Exception {
        return measuredRound(server, "single", (workload, client) -> {
            for (Workload.Call call : workload.callsOf(client, CLIENTS)) {
                for (String event : call.events()) {
                    expect(post(server, "/api/calls/" + call.uuid() + "/events", event), 201);
                }
            }
        });
    }

    private double throughputBatch(ChildJvm server) throws Exception {
        return measuredRound(server, "batch", (workload, client) -> {
            for (String batch : Workload.batches(workload.callsOf(client, CLIENTS), CALLS_PER_BATCH)) {
                HttpResponse<String> response = expect(post(server, "/api/events", batch), 200);
                if (!response.body().contains("\"rejected\":0")) {
                    throw new IllegalStateException("batch refused items: " + response.body().substring(0, 300));
                }
            }
        });
    }

    private interface ClientLoop {
        void run(Workload workload, int client) throws Exception;
    }

    /** One round of new calls posted by the concurrent clients: its rate in events/s, verified afterwards. */
    private double measuredRound(ChildJvm server, String kind, ClientLoop loop) throws Exception {
        Workload workload = new Workload(kind + round.incrementAndGet(), CALLS, LINES);
        long start = System.nanoTime();
        try {
            runClients(client -> loop.run(workload, client));
            return rate(workload.eventCount(), start);
        } finally {
            verifyStored(server, workload);
        }
    }

    private interface Client {
        void run(int client) throws Exception;
    }

    private static void runClients(Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.add(pool.submit(() -> {
                    client.run(id);
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double rate(int events, long startNanos) {
        return events / ((System.nanoTime() - startNanos) / 1e9);
    }

    private HttpResponse<String> post(ChildJvm server, String path, String json) throws Exception {
        return http.send(server.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.statusCode() + ": "
                    + response.body());
        }
        return response;
    }

    /** Every event the round posted, and no other, is in the server's event store, each exactly once. */
    private void verifyStored(ChildJvm server, Workload workload) throws Exception {
        String url = server == service ? serviceDb : baselineDb;
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             var st = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT (aggregate_identifier, sequence_number)) "
                     + "FROM domain_event_entry WHERE aggregate_identifier LIKE ?")) {
            st.setString(1, workload.calls().get(0).uuid().replaceAll("_call_.*", "") + "\\_call\\_%");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != workload.eventCount() || rs.getLong(2) != workload.eventCount()) {
                    throw new IllegalStateException(server.name() + " stored " + rs.getLong(1) + " rows ("
                            + rs.getLong(2) + " distinct) for a round of " + workload.eventCount() + " events");
                }
            }
        }
        verifiedRounds++;
    }

    private static long count(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
