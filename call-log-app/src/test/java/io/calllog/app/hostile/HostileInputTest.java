package io.calllog.app.hostile;

import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and malformed requests against both APIs of the all-in-one app (real PostgreSQL and a MongoDB-protocol
 * server). Whatever arrives: never a 5xx, every refusal a problem, and nothing stored from a refused request. The
 * generators start from valid events and break them (a field dropped, retyped, oversized, unknown, an unknown
 * type), so that most requests get past the JSON parser into validation; others are not JSON at all.
 */
class HostileInputTest {

    private static final List<String> TYPES = List.of("started", "transcript", "completed", "summarized");
    private static final Map<String, String> VALID = Map.of(
            "started", "\"campaignUuid\":\"c\",\"recordUuid\":\"r\",\"direction\":\"outbound\"",
            "transcript", "\"seq\":0,\"role\":\"user\",\"text\":\"hi\"",
            "completed", "\"status\":\"completed\",\"duration\":3,\"cost\":0.5",
            "summarized", "\"summary\":\"s\"");
    private static final List<String> FIELDS = List.of("type", "callUuid", "campaignUuid", "recordUuid", "direction",
            "startedAt", "seq", "role", "text", "at", "status", "duration", "cost", "recordingUrl", "endedAt",
            "summary", "events", "x");
    private static final List<String> LIST_PARAMETERS = List.of("campaignUuid", "status", "recordUuid", "from", "to",
            "page", "limit", "sort", "", "campaignUuid[]", "PAGE");

    /** Smaller than the default (16 MB), so that a body over it is quick to send; above what the generators make. */
    private static final int MAX_BODY_BYTES = 1_000_000;

    private static ConfigurableApplicationContext app;
    private static ApiClient client;
    private static JdbcTemplate events;

    @BeforeContainer
    static void start() {
        TestPostgres.Database postgres = TestPostgres.newDatabase();
        TestMongo.Database mongo = TestMongo.newDatabase();
        app = new SpringApplicationBuilder(CallLogApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.data.mongodb.uri=" + mongo.uri(), "--spring.data.mongodb.database=" + mongo.name(),
                "--logging.level.root=WARN", "--calllog.ingestion.max-body-size=" + MAX_BODY_BYTES + "B");
        client = ApiClient.of(app);
        events = app.getBean(JdbcTemplate.class);
        // some calls exist, so that events for them get past "not started" into their own rules
        for (String call : List.of("known_1", "known_2")) {
            assertThat(client.postEvent(call, "{\"type\":\"started\"," + VALID.get("started") + "}").status())
                    .isEqualTo(201);
        }
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    @Property(tries = 400)
    @StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void oneEventOfAnyShapeToAnyCall(@ForAll("callUuids") String call, @ForAll("bodies") String body,
                                     @ForAll("contentTypes") String contentType) {
        long before = storedEvents();
        ApiClient.Response response = client.request("POST", "/api/calls/" + pathSegment(call) + "/events",
                contentType, body);
        assertRefusedCleanlyOrStored(response, before);
        Statistics.collect(response.status());
        // the generators reach both sides of validation, not only the parser
        Statistics.coverage(coverage -> {
            coverage.check(201).count(c -> c > 0);
            coverage.check(400).percentage(p -> p > 20);
            coverage.check(404).count(c -> c > 0);
            coverage.check(409).count(c -> c > 0);
            coverage.check(415).count(c -> c > 0);
        });
    }

    @Property(tries = 300)
    @StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void batchesOfAnyShape(@ForAll("batches") String body) {
        long before = storedEvents();
        ApiClient.Response response = client.request("POST", "/api/events", "application/json", body);
        assertRefusedCleanlyOrStored(response, before);
        Statistics.collect(response.status());
        Statistics.coverage(coverage -> {
            coverage.check(200).percentage(p -> p > 20);
            coverage.check(400).percentage(p -> p > 20);
        });
        if (response.status() == 200) {
            // answered per item: each item recorded is one event stored; a rejected or duplicate item stores none
            long recorded = response.json().get("recorded").asLong();
            assertThat(storedEvents() - before).as(response.body()).isEqualTo(recorded);
        }
    }

    @Property(tries = 400)
    void listQueriesOfAnyShape(@ForAll("listQueries") String query) {
        ApiClient.Response response = client.get("/api/calls?" + query);
        assertThat(response.status()).as(query).isIn(200, 400);
        assertThat(response.contentType()).as(query)
                .startsWith(response.status() == 200 ? "application/json" : "application/problem+json");
    }

    @Property(tries = 300)
    void readsOfAnyPath(@ForAll("callUuids") String id, @ForAll("listQueries") String query) {
        for (String path : List.of("/api/calls/", "/api/reports/campaigns/")) {
            ApiClient.Response response = client.get(path + pathSegment(id) + "?" + query);
            assertThat(response.status()).as(path + id + "?" + query).isLessThan(500);
        }
        ApiClient.Response reports = client.get("/api/reports/campaigns?" + query);
        assertThat(reports.status()).as(query).isIn(200, 400);
    }

    @Example
    void aBodyAnnouncedOverTheLimitIsA413NamingItAndStoresNothing() {
        long before = storedEvents();
        ApiClient.Response response = client.request("POST", "/api/events", "application/json", oversizedBatch());
        assertBodyTooLarge(response);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Example
    void aChunkedBodyOverTheLimitIsA413NamingItAndStoresNothing() throws Exception {
        long before = storedEvents();
        byte[] body = oversizedBatch().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")
                                + "/api/events"))
                .header("Authorization", "Bearer " + TestApiKeys.INGEST)
                .header("Content-Type", "application/json")
                // no length: sent chunked, so only reading tells the size
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertBodyTooLarge(new ApiClient.Response(sent.statusCode(),
                sent.headers().firstValue("Content-Type").orElse(""), sent.body(), sent.headers()));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Example
    void anIdentifierOfTheWrongShapeInAPathIsA400NamingIt() {
        String tooLong = "a".repeat(129);
        for (String[] pathAndField : new String[][]{{"/api/calls/" + tooLong, "uuid"},
                {"/api/calls/a%20b", "uuid"}, {"/api/reports/campaigns/" + tooLong, "campaignUuid"}}) {
            ApiClient.Response response = client.get(pathAndField[0]);
            assertThat(response.status()).as(pathAndField[0]).isEqualTo(400);
            assertThat(response.json().at("/errors/0/field").asText()).isEqualTo(pathAndField[1]);
            assertThat(response.json().at("/errors/0/reason").asText()).contains("1 to 128 characters");
        }
    }

    @Example
    void whatTheServletContainerRefusesBeforeSpringIsAProblemNamingThePathAndTheConnectionSaysItCloses() {
        for (String path : List.of("/api/calls/%00/events", "/api/calls/a%2Fb/events", "/api/calls/..%2F..%2Fx")) {
            ApiClient.Response response = client.request("POST", path, "application/json", "{}");
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().at("/errors/0/field").asText()).as(path).isIn("(path)", "(request)");
            assertThat(response.headers().firstValue("Connection")).as(path).hasValue("close");
        }
        assertThat(client.get("/api/calls/known_1").status()).isEqualTo(200);
    }

    @Example
    void aRefusalThatLeavesTheBodyUnreadKeepsTheConnectionUsableForTheNextRequest() {
        String unread = "x".repeat(1_000_000);
        for (int i = 0; i < 3; i++) {
            assertThat(client.request("POST", "/api/calls/known_1/events", "text/plain", unread).status())
                    .isEqualTo(415);
            assertThat(client.postEvent("known_1", "{\"type\":\"transcript\",\"seq\":" + (50 + i)
                    + ",\"role\":\"user\",\"text\":\"still here\"}").status()).isEqualTo(201);
        }
    }

    private static String oversizedBatch() {
        String line = "{\"callUuid\":\"known_1\",\"type\":\"transcript\",\"seq\":%d,\"role\":\"user\","
                + "\"text\":\"" + "x".repeat(9_000) + "\"}";
        List<String> items = new java.util.ArrayList<>();
        for (int seq = 100; items.size() * 9_000 <= MAX_BODY_BYTES; seq++) {
            items.add(line.formatted(seq));
        }
        return "{\"events\":[" + String.join(",", items) + "]}";
    }

    private static void assertBodyTooLarge(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:call-log:problem:body-too-large");
        assertThat(response.json().get("detail").asText()).contains("the limit is " + MAX_BODY_BYTES + " bytes");
    }

    private static void assertRefusedCleanlyOrStored(ApiClient.Response response, long before) {
        assertThat(response.status()).as(response.body()).isLessThan(500);
        if (response.status() >= 400) {
            // including what the servlet container refuses before Spring sees it (an encoded slash or NUL in the path)
            assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
            assertThat(storedEvents()).as("events stored by a refused request: " + response.body()).isEqualTo(before);
        }
    }

    private static long storedEvents() {
        Long count = events.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Provide
    Arbitrary<String> callUuids() {
        return Arbitraries.oneOf(
                Arbitraries.of("known_1", "known_2", "unknown_call"),
                Arbitraries.of("known_1", "known_2"),
                Arbitraries.strings().withChars("abcXYZ019_.:-").ofMinLength(1).ofMaxLength(128),
                Arbitraries.strings().withChars("abc_").ofMinLength(129).ofMaxLength(300),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("application/json", "application/json;charset=UTF-8")),
                Tuple.of(1, Arbitraries.of("text/plain", "application/x-www-form-urlencoded",
                        "application/json;charset=ISO-8859-1")));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, event()),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(1, Arbitraries.of("", "null", "[]", "{}", "{\"type\":null}", "{\"type\":\"started\"",
                        "\"started\"", "{\"type\":\"transcript\",\"seq\":1e400,\"role\":\"user\",\"text\":\"x\"}")));
    }

    @Provide
    Arbitrary<String> batches() {
        Arbitrary<String> item = event().map(json -> json.replaceFirst("^\\{", "{\"callUuid\":\"known_1\","));
        return Arbitraries.oneOf(
                item.list().ofMinSize(0).ofMaxSize(8).map(items -> "{\"events\":[" + String.join(",", items) + "]}"),
                Arbitraries.of("{\"events\":{}}", "{\"events\":null}", "{\"events\":[null]}", "{\"events\":[1,2]}",
                        "{\"events\":[],\"x\":1}", "[{\"type\":\"started\"}]"),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    /** An event of each type: valid (a third), or broken in one or two places. */
    private Arbitrary<String> event() {
        return Arbitraries.oneOf(validEvent(), brokenEvent(), brokenEvent());
    }

    /** Valid events that repeat and contradict each other: duplicates (200) and conflicts (409) happen. */
    private Arbitrary<String> validEvent() {
        Arbitrary<String> transcript = Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.of("user", "assistant"), Arbitraries.of("hi", "ho"))
                .as((seq, role, text) -> "{\"type\":\"transcript\",\"seq\":" + seq + ",\"role\":\"" + role
                        + "\",\"text\":\"" + text + "\"}");
        Arbitrary<String> completed = Arbitraries.of("completed", "busy").map(status ->
                "{\"type\":\"completed\",\"status\":\"" + status + "\",\"duration\":3,\"cost\":0.5}");
        Arbitrary<String> others = Arbitraries.of("started", "summarized")
                .map(type -> "{\"type\":\"" + type + "\"," + VALID.get(type) + "}");
        return Arbitraries.oneOf(transcript, completed, others);
    }

    private Arbitrary<String> brokenEvent() {
        Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.of(TYPES), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> extra = Combinators.combine(Arbitraries.of(FIELDS), jsonValue())
                .as((field, value) -> "\"" + field + "\":" + value).list().ofMaxSize(2)
                .map(fields -> fields.stream().map(f -> "," + f).collect(Collectors.joining()));
        return Combinators.combine(type, extra, Arbitraries.integers().between(0, 3))
                .as((t, broken, drop) -> {
                    String fields = VALID.getOrDefault(t, "\"x\":1");
                    List<String> kept = new java.util.ArrayList<>(List.of(fields.split(",")));
                    if (drop < kept.size() && drop > 0) {
                        kept.remove((int) drop); // a required field missing
                    }
                    return "{\"type\":" + quote(t) + "," + String.join(",", kept) + broken + "}";
                });
    }

    private Arbitrary<String> jsonValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30).map(HostileInputTest::quote),
                Arbitraries.strings().withChars("ab").ofLength(10_001).map(HostileInputTest::quote),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("-1", "1.5", "1e309", "-0", "99999999999999999999999", "true", "null", "[]", "{}",
                        "\"2026-13-45T25:61:00Z\"", "\"ftp://x\"", "\"http://\"", "\"assistant\"", "\"busy\""));
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    @Provide
    Arbitrary<String> listQueries() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("1", "0", "-1", "100", "101", "2147483648", "completed", "in-progress", "done",
                        "2026-04-20T15:00:00Z", "2026-04-20", "", "known_1", "%25", "%2F"),
                Arbitraries.strings().all().ofMaxLength(30).map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Arbitrary<String> pair = Combinators.combine(Arbitraries.of(LIST_PARAMETERS), value)
                .as((name, v) -> URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + v);
        return pair.list().ofMaxSize(5).map(pairs -> String.join("&", pairs));
    }
}
