package io.calllog.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.app.ComposeFile;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.AppProcess;
import io.calllog.testsupport.FrontDoor;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestPostgres;
import io.calllog.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scale-out shape of docker-compose.yml, run as processes on this machine: PostgreSQL, a MongoDB-protocol server
 * (a real {@code mongod} as a replica set where one is installed, otherwise mongo-java-server in its own process,
 * standing in for MongoDB), two call-command
 * and two call-query instances from their runnable jars with the environment compose gives them, and nginx with
 * {@code deploy/nginx.conf} as the front door. Load goes through the front door; one call-command and one call-query
 * are killed with SIGKILL in the middle of it. Then every acknowledged event is in the event store once and in the
 * read model once, the surviving query instance holds every segment, a change-feed client that resumed from its
 * cursors missed nothing, and the webhook receiver got every message (a retry only under its message's id). Last, a
 * replay asked for through the front door completes while the killed query instance is started again and joins.
 * <p>
 * What differs from compose, because everything runs on one machine (docs/operations.md#scale-out): each instance's
 * {@code SERVER_PORT} is a free port; the database addresses and credentials are those of the servers started here;
 * the stand-in is not a replica set, so with it the MongoDB URI loses {@code replicaSet=rs0}; and the webhook receiver
 * is a
 * local http address, which {@code CALLLOG_WEBHOOKS_ALLOW_HTTP} and {@code ..._ALLOW_PRIVATE_TARGETS} permit.
 */
class ScaleOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+).*");
    private static final int LINES = 4;

    /** Each process's log and nginx's configuration: kept after the test, for whoever reads a failure. */
    private final Path dir = Path.of("target", "scale-out", String.valueOf(System.currentTimeMillis()));

    private final List<AutoCloseable> running = new ArrayList<>();

    @Test
    void twoOfEachBehindTheFrontDoorOneOfEachKilledNothingLost() throws Exception {
        TestPostgres.Database postgres = TestPostgres.newDatabase();
        int mongoPort = AppProcess.freePort();
        Path mongod = Path.of("/usr/bin/mongod");
        boolean realMongo = Files.isExecutable(mongod);
        Process mongo = realMongo ? startMongod(mongod, mongoPort) : startMongoStandIn(mongoPort);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answering(message -> WebhookReceiver.Answer.ok());
            Map<String, String> commandEnvironment = environment("call-command", postgres, mongoPort, realMongo);
            Map<String, String> queryEnvironment = environment("call-query", postgres, mongoPort, realMongo);
            // call-command migrates the schema first, as compose's depends_on orders it; the others start together
            List<AppProcess> commands = new ArrayList<>();
            List<AppProcess> queries = new ArrayList<>();
            commands.add(start("call-command", commandEnvironment, "command-1"));
            ExecutorService starting = Executors.newFixedThreadPool(3);
            Future<AppProcess> command2 = starting.submit(() -> start("call-command", commandEnvironment, "command-2"));
            Future<AppProcess> query1 = starting.submit(() -> start("call-query", queryEnvironment, "query-1"));
            Future<AppProcess> query2 = starting.submit(() -> start("call-query", queryEnvironment, "query-2"));
            commands.add(command2.get());
            queries.add(query1.get());
            queries.add(query2.get());
            starting.shutdown();

            FrontDoor door = FrontDoor.start(ComposeFile.ROOT.resolve("deploy/nginx.conf"), Map.of(
                    "call_command", commands.stream().map(AppProcess::port).toList(),
                    "call_query", queries.stream().map(AppProcess::port).toList(),
                    "call_query_dashboard", queries.stream().map(AppProcess::port).toList()),
                    dir.resolve("front-door"));
            running.add(door);
            ApiClient admin = door.client().withKey(TestApiKeys.ADMIN);
            ApiClient ingest = door.client().withKey(TestApiKeys.INGEST);
            ApiClient reader = door.client().withKey(TestApiKeys.READ);

            ApiClient.Response registered = admin.request("POST", "/api/admin/webhooks", "application/json",
                    "{\"url\":\"" + receiver.url("/hooks") + "\",\"types\":[\"call.started\",\"call.transcript\","
                            + "\"call.completed\"]}");
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            // four feed clients: the front door spreads their streams over both query instances
            List<FeedClient> feeds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                FeedClient feed = new FeedClient(door.port());
                feed.start();
                feeds.add(feed);
            }

            // the load: four writers (single events and batches), a reader, the feed client and the webhooks
            Load load = new Load(ingest, reader);
            load.start(4);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.callsDone() >= 30);
            commands.get(0).kill();
            queries.get(0).kill();
            int doneAtKill = load.callsDone();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.callsDone() >= doneAtKill + 30);
            load.stop();
            assertThat(load.failures()).as("requests that failed for good").isEmpty();

            // the event store: every acknowledged event once
            Map<String, Integer> stored = storedEvents(postgres);
            assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(load.calls());
            load.calls().forEach(call -> assertThat(stored.get(call)).as(call).isEqualTo(LINES + 2));

            // the read model: each call once, whole, through the front door (the survivor now projects alone)
            AppProcess survivor = queries.get(1);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String call : load.calls()) {
                    JsonNode projected = reader.get("/api/calls/" + call).json();
                    assertThat(projected.path("status").asText()).as(call).isEqualTo("completed");
                    assertThat(projected.path("transcript")).as(call).hasSize(LINES);
                }
            });
            assertThat(reader.get("/api/calls?campaignUuid=campaign_scale&limit=1").json().path("total").asLong())
                    .isEqualTo(load.calls().size());
            for (String projection : List.of("calls", "campaign-stats", "campaign-days")) {
                JsonNode status = awaitCaughtUp(admin, projection);
                assertThat(status.path("segments").findValuesAsText("owner")).as(projection)
                        .allMatch(owner -> owner.startsWith(survivor.pid() + "@"));
            }

            // the change feed: every client, those that resumed from their cursors too, saw every stored event, once
            long events = stored.values().stream().mapToLong(Integer::longValue).sum();
            for (FeedClient feed : feeds) {
                await().atMost(Duration.ofSeconds(60)).until(() -> feed.received().size() >= events);
                assertThat(feed.received()).hasSize((int) events).doesNotHaveDuplicates();
                assertThat(feed.received().stream().map(change -> change.substring(0, change.lastIndexOf('#')))
                        .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(load.calls());
                feed.stop();
            }
            int resumed = feeds.stream().mapToInt(FeedClient::resumed).sum();
            assertThat(resumed).as("streams cut by the kill and resumed on the survivor").isPositive();

            // the webhooks: a message for every event, retries only under the same id
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().stream()
                    .map(WebhookReceiver.Received::id).distinct().count() >= events);
            Map<String, Set<String>> bodiesById = new HashMap<>();
            receiver.received().forEach(message -> bodiesById.computeIfAbsent(message.id(), id -> new HashSet<>())
                    .add(message.body()));
            assertThat(bodiesById).hasSize((int) events);
            assertThat(bodiesById.values()).allMatch(bodies -> bodies.size() == 1);
            System.out.printf("scale-out: %d calls, %d events acknowledged and stored once; %d requests repeated after a"
                    + " 502/503/504 or a cut connection; 4 feed clients resumed %d times in all and each got all %d"
                    + " changes once; the "
                    + "receiver got %d deliveries of %d messages%n", load.calls().size(), events, load.repeated(),
                    resumed, events, receiver.received().size(), bodiesById.size());

            // a browser signs in to the dashboard through the front door and stays on the instance of its session
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            String signInPage = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + door.port()
                    + "/sign-in")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String token = signInPage.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
            HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + door.port() + "/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + java.net.URLEncoder.encode(token,
                            StandardCharsets.UTF_8) + "&key=" + TestApiKeys.READ)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(302);
            for (int page = 0; page < 4; page++) {
                HttpResponse<String> calls = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + door.port() + "/calls?campaignUuid=campaign_scale")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(calls.statusCode()).isEqualTo(200);
                assertThat(calls.body()).contains("<strong id=\"total\">" + load.calls().size() + "</strong>");
            }

            // a replay through the front door, while the killed query instance comes back and joins
            assertThat(admin.post("/api/admin/projections/calls/replay").status()).isEqualTo(202);
            AppProcess restarted = start("call-query", queryEnvironment, "query-1b", queries.get(0).port());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    admin.get("/api/admin/projections/calls/replay").json().path("state").asText().equals("done"));
            awaitCaughtUp(admin, "calls");
            assertThat(reader.get("/api/calls?campaignUuid=campaign_scale&limit=1").json().path("total").asLong())
                    .isEqualTo(load.calls().size());
            // it joined: asked directly, it sees the same read model and the same projection state as the front door
            ApiClient joined = new ApiClient(restarted.port()).withKey(TestApiKeys.ADMIN);
            assertThat(joined.withKey(TestApiKeys.READ).get("/api/calls?campaignUuid=campaign_scale&limit=1").json()
                    .path("total").asLong())
                    .isEqualTo(load.calls().size());
            JsonNode seenByIt = joined.get("/api/admin/projections/calls").json();
            assertThat(seenByIt.path("state").asText()).isEqualTo("running");
            assertThat(seenByIt.path("lag").asLong()).isZero();
            assertThat(joined.get("/api/admin/projections/calls/replay").json().path("state").asText())
                    .isEqualTo("done");
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            mongo.destroyForcibly().waitFor();
        }
    }

    private AppProcess start(String service, Map<String, String> environment, String name) {
        return start(service, environment, name, AppProcess.freePort());
    }

    /** One instance of a compose service from its runnable jar, on this port (compose's SERVER_PORT is replaced). */
    private AppProcess start(String service, Map<String, String> environment, String name, int port) {
        Path jar = jarOf(service);
        AppProcess app = AppProcess.startWithEnvironment(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString()), withPort(environment, port), dir.resolve(name), port);
        synchronized (running) {
            running.add(app);
        }
        return app;
    }

    private static Map<String, String> withPort(Map<String, String> environment, int port) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        changed.put("SERVER_PORT", String.valueOf(port));
        return changed;
    }

    private static Path jarOf(String module) {
        try (var files = Files.list(ComposeFile.ROOT.resolve(module).resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().matches(module + "-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no runnable jar of " + module
                            + ": run the build (./mvnw verify packages it before this test)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What compose gives the service, with the addresses of the servers started here (see the class). */
    private static Map<String, String> environment(String service, TestPostgres.Database postgres, int mongoPort,
                                                   boolean replicaSet) throws Exception {
        Map<String, String> keys = new HashMap<>();
        keys.put("CALLLOG_INGEST_KEY_SHA256", sha256(TestApiKeys.INGEST));
        keys.put("CALLLOG_READ_KEY_SHA256", sha256(TestApiKeys.READ));
        keys.put("CALLLOG_ADMIN_KEY_SHA256", sha256(TestApiKeys.ADMIN));
        keys.put("CALLLOG_PRIVACY_KEY_SHA256", sha256(TestApiKeys.PRIVACY));
        Map<String, String> environment = ComposeFile.environment(service, keys);
        Matcher database = JDBC.matcher(postgres.jdbcUrl());
        assertThat(database.matches()).as(postgres.jdbcUrl()).isTrue();
        environment.replaceAll((name, value) -> value
                .replace("postgres:5432/calllog", database.group(1) + "/" + database.group(2))
                .replace("mongodb://mongo:27017/calllog?replicaSet=rs0", "mongodb://127.0.0.1:" + mongoPort
                        + "/calllog" + (replicaSet ? "?replicaSet=rs0" : "")));
        environment.computeIfPresent("SPRING_DATASOURCE_USERNAME", (name, value) -> postgres.username());
        environment.computeIfPresent("SPRING_DATASOURCE_PASSWORD", (name, value) -> postgres.password());
        environment.put("CALLLOG_WEBHOOKS_ALLOW_HTTP", "true");
        environment.put("CALLLOG_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        return environment;
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A real {@code mongod}, where one is installed: a single-node replica set {@code rs0}, as compose runs it. (Not
     * run on the machines this project is built on, which have none.)
     */
    private Process startMongod(Path mongod, int port) throws Exception {
        Path data = Files.createDirectories(dir.resolve("mongod"));
        Process process = new ProcessBuilder(mongod.toString(), "--replSet", "rs0", "--bind_ip", "127.0.0.1",
                "--port", String.valueOf(port), "--dbpath", data.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mongod.log").toFile()).start();
        awaitListening(process, port, dir.resolve("mongod.log"));
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(
                "mongodb://127.0.0.1:" + port + "/?directConnection=true")) {
            client.getDatabase("admin").runCommand(org.bson.Document.parse("{replSetInitiate: {_id: 'rs0', members: "
                    + "[{_id: 0, host: '127.0.0.1:" + port + "'}]}}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> client.getDatabase("admin")
                    .runCommand(org.bson.Document.parse("{hello: 1}")).getBoolean("isWritablePrimary", false));
        }
        return process;
    }

    private static void awaitListening(Process process, int port, Path log) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(process.isAlive()).as("the server runs; see " + log).isTrue();
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private Process startMongoStandIn(int port) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("mongo-stand-in.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.calllog.testsupport.MongoStandIn",
                String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitListening(process, port, log);
        return process;
    }

    /** Events per call in the event store, and none twice (its primary key would refuse it; counted anyway). */
    private static Map<String, Integer> storedEvents(TestPostgres.Database postgres) throws Exception {
        Map<String, Integer> events = new HashMap<>();
        try (Connection connection = postgres.connect(); ResultSet rows = connection.createStatement().executeQuery(
                "SELECT aggregate_identifier, count(*), count(DISTINCT sequence_number) FROM domain_event_entry "
                        + "GROUP BY aggregate_identifier")) {
            while (rows.next()) {
                assertThat(rows.getInt(2)).isEqualTo(rows.getInt(3));
                events.put(rows.getString(1), rows.getInt(2));
            }
        }
        return events;
    }

    private static JsonNode awaitCaughtUp(ApiClient admin, String projection) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode status = admin.get("/api/admin/projections/" + projection).json();
            return status.path("state").asText().equals("running") && status.path("lag").asLong() == 0
                    && status.path("segments").findValuesAsText("owner").stream().noneMatch(String::isEmpty);
        });
        return admin.get("/api/admin/projections/" + projection).json();
    }

    /**
     * Writers that each record whole calls (started alone, the lines in one batch, completed alone), every request
     * repeated until it is answered (a 502 from the front door or a 503 stored nothing; a repeat of what was stored is
     * answered as a duplicate), and a reader of lists and calls.
     */
    private static final class Load {
        private final ApiClient ingest;
        private final ApiClient reader;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger callsDone = new AtomicInteger();
        private final Set<String> calls = ConcurrentHashMap.newKeySet();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicInteger repeated = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        Load(ApiClient ingest, ApiClient reader) {
            this.ingest = ingest;
            this.reader = reader;
        }

        void start(int writers) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(started("writer-" + w, () -> {
                    for (int c = 0; running.get(); c++) {
                        String call = "call_scale_" + writer + "_" + c;
                        calls.add(call);
                        post("/api/calls/" + call + "/events", "{\"type\":\"started\",\"campaignUuid\":"
                                + "\"campaign_scale\",\"recordUuid\":\"record_" + c + "\",\"direction\":\"outbound\"}");
                        List<String> lines = new ArrayList<>();
                        for (int seq = 0; seq < LINES; seq++) {
                            lines.add("{\"callUuid\":\"" + call + "\",\"type\":\"transcript\",\"seq\":" + seq
                                    + ",\"role\":\"" + (seq % 2 == 0 ? "assistant" : "user") + "\",\"text\":\"line "
                                    + seq + " of " + call + "\"}");
                        }
                        post("/api/events", "{\"events\":[" + String.join(",", lines) + "]}");
                        post("/api/calls/" + call + "/events",
                                "{\"type\":\"completed\",\"status\":\"completed\",\"duration\":30,\"cost\":0.1}");
                        callsDone.incrementAndGet();
                    }
                }));
            }
            threads.add(started("reader", () -> {
                while (running.get()) {
                    try {
                        reader.get("/api/calls?campaignUuid=campaign_scale&limit=20");
                        calls.stream().findAny().ifPresent(call -> reader.get("/api/calls/" + call));
                    } catch (UncheckedIOException dropped) {
                        // a read cut by the kill: reads are not what this test counts
                    }
                }
            }));
        }

        private void post(String path, String body) {
            for (int attempt = 0; attempt < 200; attempt++) {
                try {
                    ApiClient.Response answer = ingest.request("POST", path, "application/json", body);
                    if (answer.status() == 200 || answer.status() == 201) {
                        if (!answer.body().contains("\"rejected\":") || answer.body().contains("\"rejected\":0")) {
                            return;
                        }
                    } else if (answer.status() != 502 && answer.status() != 503 && answer.status() != 504) {
                        failures.add(path + " answered " + answer.status() + " " + answer.body());
                        return;
                    }
                } catch (UncheckedIOException cut) {
                    // the connection to the front door broke: the same request again
                }
                repeated.incrementAndGet();
                sleep(100);
            }
            failures.add(path + " was never acknowledged");
        }

        int callsDone() {
            return callsDone.get();
        }

        /** Requests sent again: answered 502, 503 or 504, or cut. */
        int repeated() {
            return repeated.get();
        }

        /** The calls begun; stop() waits for each writer to finish its call, so each is whole. */
        Set<String> calls() {
            return calls;
        }

        List<String> failures() {
            return failures;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /**
     * A client of {@code GET /api/changes/stream} through the front door that, whenever its stream ends (its instance
     * killed), opens it again with {@code Last-Event-ID}: what it keeps is each change's call and number.
     */
    private static final class FeedClient {
        private final int port;
        private final HttpClient http = HttpClient.newHttpClient();
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile String lastId;
        private final AtomicInteger resumed = new AtomicInteger();
        private volatile BufferedReader open;
        private Thread thread;

        FeedClient(int port) {
            this.port = port;
        }

        void start() {
            thread = started("feed-client", () -> {
                while (running.get()) {
                    try {
                        HttpRequest.Builder request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/changes/stream"))
                                .header("Authorization", "Bearer " + TestApiKeys.READ);
                        if (lastId != null) {
                            request.header("Last-Event-ID", lastId);
                            resumed.incrementAndGet();
                        }
                        HttpResponse<java.io.InputStream> response = http.send(request.build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        if (response.statusCode() != 200) {
                            response.body().close();
                            sleep(200);
                            continue;
                        }
                        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                                StandardCharsets.UTF_8))) {
                            open = lines;
                            read(lines);
                        }
                    } catch (IOException | UncheckedIOException cut) {
                        sleep(200); // the stream's instance went away: resume from the last id on another
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        private void read(BufferedReader lines) throws IOException {
            String id = null;
            String data = null;
            for (String line = lines.readLine(); line != null && running.get(); line = lines.readLine()) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).strip();
                } else if (line.isEmpty()) {
                    if (id != null && data != null && data.startsWith("{")) {
                        JsonNode change = JSON.readTree(data);
                        received.add(change.path("callUuid").asText() + "#" + change.path("sequence").asLong());
                        lastId = id; // only once the whole event is in
                    }
                    id = null;
                    data = null;
                }
            }
        }

        List<String> received() {
            return received;
        }

        int resumed() {
            return resumed.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            BufferedReader lines = open;
            if (lines != null) {
                try {
                    lines.close();
                } catch (IOException ignored) {
                    // closing is all that is wanted
                }
            }
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true); // never what keeps the test JVM alive
        thread.start();
        return thread;
    }

    /** A client's pause before it tries again (as a worker backs off), not a wait for something to happen. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
