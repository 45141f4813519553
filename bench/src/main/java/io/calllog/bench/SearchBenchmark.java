package io.calllog.bench;

import java.io.File;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Query power benchmark (issue 16), on the all-in-one app with its embedded defaults, run as its own JVM: loaded
 * and searched with {@code -Xmx1g}, then started again on the same data with {@code -Xmx256m} (the export's heap
 * budget) for the exports, at 100,000 calls: one campaign
 * of 10,000 calls with 20 transcript lines each, 90,000 calls of 99 other campaigns with 2 lines each. Lines are 8 to
 * 14 words drawn from a vocabulary of 5,000 words with Zipf frequencies (the commonest word in about every tenth word
 * spoken, the rarest in a few calls), as speech is.
 * <ol>
 *     <li>transcript search ({@code q}) within the campaign, limit 20: a common, a medium and a rare word, two medium
 *     words, and a two-word phrase taken from a spoken line; next to the filtered list without {@code q}
 *     ({@code campaignUuid} + {@code status}) and one call by uuid (baselines, same run);</li>
 *     <li>export of all 100,000 calls as NDJSON and as CSV: calls/s and the server's heap (sampled during, and after
 *     a full GC before and after); next to walking the same list with cursors, 100 calls a page (baseline).</li>
 * </ol>
 */
final class SearchBenchmark {

    private static final int CALLS = 100_000;
    private static final int CAMPAIGN_CALLS = 10_000;
    private static final int CAMPAIGN_LINES = 20;
    private static final int OTHER_LINES = 2;
    private static final int VOCABULARY = 5_000;
    private static final int QUERIES = Integer.getInteger("bench.queries", 1_000);
    private static final int WARM_UP = 50;
    private static final String CAMPAIGN = "campaign_search";
    private static final String[] STATUSES = {"completed", "failed", "busy", "no-answer"};
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fu",
            "ge", "ho", "ji", "pa", "qu", "ze", "xo", "wi", "ya"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(16);
    private final String[] words = new String[VOCABULARY];
    private final List<String> spokenPairs = new ArrayList<>();

    SearchBenchmark() {
        for (int rank = 0; rank < VOCABULARY; rank++) {
            StringBuilder word = new StringBuilder();
            int n = rank + 20 * 20; // every word at least three syllables, all distinct
            while (n > 0) {
                word.append(SYLLABLES[n % SYLLABLES.length]);
                n /= SYLLABLES.length;
            }
            words[rank] = word.toString();
        }
        // phrases that were spoken: word pairs of lines of the campaign, as a user remembers a bit of a call
        Random text = new Random(0);
        for (int i = 0; i < 200; i++) {
            String[] spoken = line(text).replace(".", "").toLowerCase().split(" ");
            spokenPairs.add(spoken[0] + " " + spoken[1]);
        }
    }

    /** A word by Zipf's law: rank r with probability proportional to 1/r. */
    private String spokenWord(Random from) {
        return words[(int) Math.min(VOCABULARY - 1, Math.floor(Math.exp(from.nextDouble() * Math.log(VOCABULARY))) - 1)];
    }

    private String line(Random from) {
        int length = 8 + from.nextInt(7);
        List<String> spoken = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            spoken.add(spokenWord(from));
        }
        String text = String.join(" ", spoken);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    void run() throws Exception {
        // -Dbench.searchDataDir=DIR keeps the data: loaded into DIR when it holds none, reused when it does
        String kept = System.getProperty("bench.searchDataDir", "");
        Path dataDir = kept.isBlank() ? Files.createTempDirectory("calllog-bench-search") : Path.of(kept);
        boolean reused = Files.exists(dataDir.resolve("readmodel.mv.db"));
        Path logs = Files.createDirectories(Path.of("target", "bench-logs"));
        System.out.println("=== Query power benchmark: transcript search and export");
        System.out.println("machine:  " + Machine.describe());
        System.out.println("server:   call-log-app (all-in-one), embedded defaults (H2 event store, mongo-java-server"
                + " H2 backend) in " + dataDir + ", searched with -Xmx1g, exporting with -Xmx256m; logs in "
                + logs.toAbsolutePath());
        System.out.printf("data:     %,d calls: %,d in %s with %d lines each, the others in 99 campaigns with %d lines;"
                        + " %,d-word Zipf vocabulary; %,d sequential queries per measurement%n", CALLS, CAMPAIGN_CALLS,
                CAMPAIGN, CAMPAIGN_LINES, OTHER_LINES, VOCABULARY, QUERIES);
        // searches and lists are measured in the app that loaded the data (-Xmx1g), after its backlog is projected;
        // the export in an app started again on the same data with -Xmx256m, the heap budget the issue sets for it
        String only = System.getProperty("bench.only", "all");
        try (ChildJvm app = start(dataDir, logs, "-Xmx1g", reused ? "search" : "load")) {
            if (reused) {
                System.out.println("reusing the data this benchmark loaded into " + dataDir + " (-Dbench.searchDataDir)");
            } else {
                long started = System.nanoTime();
                long events = load(app);
                System.out.printf("%nloaded %,d calls (%,d events) and projected them (calls, term index, reports)"
                        + " in %.1f s (-Xmx1g)%n", CALLS, events, (System.nanoTime() - started) / 1e9);
            }
            long waiting = System.nanoTime();
            awaitEveryProjection(app);
            System.out.printf("every projection caught up after %.1f s more%n", (System.nanoTime() - waiting) / 1e9);
            System.out.println("call-log-app with -Xmx1g: " + app.heapAfterFullGc());
            if (only.equals("all") || only.equals("search")) {
                measureSearch(app);
            }
            if (only.equals("all") || only.equals("dashboard")) {
                measureDashboard(app);
            }
        }
        System.out.printf("data directory: %,.0f MiB%n", directorySize(dataDir) / 1048576.0);
        if (only.equals("all") || only.equals("export")) {
            try (ChildJvm app = start(dataDir, logs, "-Xmx256m", "export")) {
                System.out.println();
                System.out.println("call-log-app started again on that data with -Xmx256m: " + app.heapAfterFullGc());
                measureExport(app);
                System.out.println("call-log-app after the exports (-Xmx256m): " + app.heapAfterFullGc());
            }
        }
    }

    private static ChildJvm start(Path dataDir, Path logs, String heap, String phase) throws Exception {
        return ChildJvm.start("call-log-app", 13000,
                ChildJvm.jar(new File(System.getProperty("bench.appJar")), heap,
                        "-Xlog:gc:file=" + logs.resolve("call-log-app-search-" + phase + "-gc.log") + ":uptime"),
                ChildJvm.withBenchAppArgs(List.of("--calllog.data-dir=" + dataDir, "--logging.level.root=WARN",
                        "--management.endpoints.web.exposure.include=health,metrics")),
                logs.resolve("call-log-app-search-" + phase + ".log"));
    }

    private long load(ChildJvm app) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> posts = new ArrayList<>();
        int perBatch = 40;
        for (int from = 0; from < CALLS; from += perBatch) {
            int first = from;
            posts.add(clients.submit(() -> {
                Random text = new Random(first);
                List<String> items = new ArrayList<>();
                for (int c = first; c < first + perBatch; c++) {
                    boolean inCampaign = c % 10 == 0;
                    String call = "s_call_" + c;
                    items.add("""
                            {"callUuid":"%s","type":"started","campaignUuid":"%s","recordUuid":"record_%d","direction":"outbound","startedAt":"%s"}"""
                            .formatted(call, inCampaign ? CAMPAIGN : "campaign_" + (c % 99), c % 5000,
                                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(c * 37L)));
                    for (int seq = 0; seq < (inCampaign ? CAMPAIGN_LINES : OTHER_LINES); seq++) {
                        items.add("""
                                {"callUuid":"%s","type":"transcript","seq":%d,"role":"%s","text":"%s"}"""
                                .formatted(call, seq, seq % 2 == 0 ? "assistant" : "user", line(text)));
                    }
                    items.add("""
                            {"callUuid":"%s","type":"completed","status":"%s","duration":%d,"cost":0.45}"""
                            .formatted(call, STATUSES[c % 4], 30 + c % 300));
                }
                HttpResponse<String> response = post(app, "{\"events\":[" + String.join(",", items) + "]}");
                if (response.statusCode() != 200 || !response.body().contains("\"rejected\":0")) {
                    throw new IllegalStateException("load failed: " + response.statusCode() + " " + response.body());
                }
                return items.size();
            }));
        }
        long events = 0;
        for (Future<Integer> post : posts) {
            events += post.get();
        }
        clients.shutdown();
        // wait with keyed reads (a list would compete with the projection) until a sample shows its completion
        for (int c = CALLS - 1; c >= 0; c -= CALLS / 50) {
            while (!get(app, "/api/calls/s_call_" + c).body().contains("\"status\":\"" + STATUSES[c % 4] + "\"")) {
                Thread.sleep(200);
            }
        }
        while (total(app, "/api/calls?limit=1") < CALLS
                || total(app, "/api/calls?limit=1&campaignUuid=" + CAMPAIGN) < CAMPAIGN_CALLS) {
            Thread.sleep(1_000);
        }
        return events;
    }

    /**
     * Until every projection has handled the whole store: one deployed after the data was loaded (campaign-days on an
     * older data directory) projects it first, and would compete with what is measured.
     */
    private void awaitEveryProjection(ChildJvm app) throws Exception {
        while (true) {
            String projections = get(app, "/api/admin/projections").body();
            if (!projections.matches("(?s).*\"lag\":[1-9].*") && !projections.contains("\"state\":\"replaying\"")) {
                return;
            }
            Thread.sleep(1_000);
        }
    }

    private static long directorySize(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private long total(ChildJvm app, String path) throws Exception {
        return Long.parseLong(get(app, path).body().replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
    }

    private void measureSearch(ChildJvm app) throws Exception {
        Map<String, List<Long>> kinds = new LinkedHashMap<>();
        for (String kind : List.of("common word (ranks 1-10)", "medium word (ranks 50-500)",
                "rare word (ranks 1,000-5,000)", "two medium words", "a spoken two-word phrase")) {
            kinds.put(kind, new ArrayList<>());
        }
        List<Long> all = new ArrayList<>();
        List<Long> listed = new ArrayList<>();
        List<Long> byUuid = new ArrayList<>();
        AtomicLong found = new AtomicLong();
        List<String> names = new ArrayList<>(kinds.keySet());
        for (int i = 0; i < QUERIES + WARM_UP; i++) {
            int kind = i % names.size();
            String q = switch (kind) {
                case 0 -> words[random.nextInt(10)];
                case 1 -> words[50 + random.nextInt(450)];
                case 2 -> words[1_000 + random.nextInt(4_000)];
                case 3 -> words[50 + random.nextInt(450)] + " " + words[50 + random.nextInt(450)];
                default -> "\"" + spokenPairs.get(random.nextInt(spokenPairs.size())) + "\"";
            };
            long took = timed(app, "/api/calls?campaignUuid=" + CAMPAIGN + "&limit=20&q="
                    + URLEncoder.encode(q, StandardCharsets.UTF_8), found);
            long list = timed(app, "/api/calls?campaignUuid=" + CAMPAIGN + "&status="
                    + STATUSES[random.nextInt(STATUSES.length)] + "&limit=20", null);
            long one = timed(app, "/api/calls/s_call_" + random.nextInt(CALLS), null);
            if (i >= WARM_UP) {
                kinds.get(names.get(kind)).add(took);
                all.add(took);
                listed.add(list);
                byUuid.add(one);
            }
        }
        System.out.println();
        System.out.printf("search within %s (10,000 calls x 20 lines, of 100,000), limit 20, all kinds: %s"
                + "   (goal: p99 <= 100 ms)%n", CAMPAIGN, Stats.of(all));
        kinds.forEach((kind, took) -> System.out.printf("  %-30s %s%n", kind + ":", Stats.of(took)));
        System.out.printf("  calls found per search, mean: %,.0f%n", found.get() / (double) (QUERIES + WARM_UP));
        System.out.printf("baseline, filtered list without q (campaignUuid+status, limit 20): %s"
                + "   (goal: within today's p99, about 100 ms)%n", Stats.of(listed));
        System.out.printf("baseline, one call by uuid:                                        %s%n", Stats.of(byUuid));
    }

    /**
     * The dashboard's calls page (issue 19: p99 <= 150 ms at 100,000 calls), signed in with a session cookie, against
     * the Calls API's list with the same filter and size in the same run: what the page adds is rendering the table.
     */
    private void measureDashboard(ChildJvm app) throws Exception {
        String session = signIn(app);
        List<Long> pages = new ArrayList<>();
        List<Long> lists = new ArrayList<>();
        List<Long> unfilteredPages = new ArrayList<>();
        List<Long> unfilteredLists = new ArrayList<>();
        for (int i = 0; i < QUERIES + WARM_UP; i++) {
            String filter = "campaignUuid=" + CAMPAIGN + "&status=" + STATUSES[random.nextInt(STATUSES.length)]
                    + "&limit=25";
            long page = timedPage(app, "/calls?" + filter, session);
            long list = timed(app, "/api/calls?" + filter, null);
            long allPage = timedPage(app, "/calls", session);
            long allList = timed(app, "/api/calls?limit=25", null);
            if (i >= WARM_UP) {
                pages.add(page);
                lists.add(list);
                unfilteredPages.add(allPage);
                unfilteredLists.add(allList);
            }
        }
        System.out.println();
        System.out.printf("dashboard calls page, campaignUuid+status, 25 rows: %s   (goal: p99 <= 150 ms)%n",
                Stats.of(pages));
        System.out.printf("  baseline, the Calls API's list with the same filter:    %s%n", Stats.of(lists));
        System.out.printf("dashboard calls page, no filter, 25 rows:             %s   (goal: p99 <= 150 ms)%n",
                Stats.of(unfilteredPages));
        System.out.printf("  baseline, the Calls API's list without a filter:        %s%n", Stats.of(unfilteredLists));
    }

    /** Signs in to the dashboard with this run's key: the session cookie's {@code name=value}. */
    private String signIn(ChildJvm app) throws Exception {
        HttpResponse<String> form = http.send(app.request("/sign-in").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String token = form.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String key = app.authorization().substring("Bearer ".length());
        HttpResponse<String> signedIn = http.send(app.request("/sign-in").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                        + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302) {
            throw new IllegalStateException("signing in answered " + signedIn.statusCode());
        }
        return signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private long timedPage(ChildJvm app, String path, String session) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(app.request(path).header("Cookie", session).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200 || !response.body().contains("id=\"total\"")) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return took;
    }

    private long timed(ChildJvm app, String path, AtomicLong found) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get(app, path);
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        if (found != null) {
            found.addAndGet(Long.parseLong(response.body().replaceAll("(?s).*\"total\":(\\d+).*", "$1")));
        }
        return took;
    }

    private void measureExport(ChildJvm app) throws Exception {
        System.out.println();
        System.out.println("heap before the exports: " + app.heapAfterFullGc());
        // each format twice, in turn: the first export after the start reads the read model's pages from disk
        int run = 0;
        for (String format : List.of("ndjson", "csv", "ndjson", "csv")) {
            run++;
            HeapSampler heap = new HeapSampler(app);
            long start = System.nanoTime();
            long[] counted = exported(app, "/api/calls/export?format=" + format);
            double seconds = (System.nanoTime() - start) / 1e9;
            heap.stop();
            long calls = format.equals("csv") ? counted[0] - 1 : counted[0];
            System.out.printf("export of all calls as %-6s (%s) %,d calls, %,.1f MiB in %.1f s: %,.0f calls/s; heap"
                            + " used while it ran (sampled every 200 ms): max %.0f MiB   (goal: >= 10,000 calls/s, heap"
                            + " flat)%n", format + ":", run <= 2 ? "first" : "again", calls,
                    counted[1] / 1048576.0, seconds, calls / seconds, heap.maxMiB());
            if (calls != CALLS) {
                throw new IllegalStateException("exported " + calls + " calls, not " + CALLS);
            }
        }
        System.out.println("heap after the exports: " + app.heapAfterFullGc());
        HeapSampler heap = new HeapSampler(app);
        long start = System.nanoTime();
        long walked = 0;
        String next = null;
        do {
            String page = get(app, "/api/calls?limit=100" + (next == null ? "" : "&after=" + next)).body();
            walked += page.split("\"createdAt\"", -1).length - 1;
            next = page.replaceAll("(?s).*\"next\":(null|\"([^\"]*)\").*", "$2");
            next = next.isEmpty() ? null : next;
        } while (next != null);
        double seconds = (System.nanoTime() - start) / 1e9;
        heap.stop();
        System.out.printf("baseline, the same calls by cursor pages of 100: %,d calls in %.1f s: %,.0f calls/s; heap"
                + " used max %.0f MiB%n", walked, seconds, walked / seconds, heap.maxMiB());
    }

    /** Lines and bytes of a streamed answer, read as it comes. */
    private long[] exported(ChildJvm app, String path) throws Exception {
        HttpResponse<InputStream> response = http.send(app.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        boolean quoted = false;
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '"') {
                        quoted = !quoted; // a CSV cell's line breaks are inside quotes; NDJSON has none outside strings
                    } else if (buffer[i] == '\n' && !quoted) {
                        lines++;
                    }
                }
            }
        }
        return new long[]{lines, bytes};
    }

    /** Samples the server's heap in use while something runs. */
    private static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;

        HeapSampler(ChildJvm app) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        max.accumulateAndGet((long) app.metric("jvm.memory.used?tag=area:heap"), Math::max);
                        Thread.sleep(200);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        double maxMiB() {
            return max.get() / 1048576.0;
        }
    }

    private HttpResponse<String> get(ChildJvm app, String path) throws Exception {
        return http.send(app.request(path).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ChildJvm app, String json) throws Exception {
        return http.send(app.request("/api/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
