package io.calllog.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.query.call.CallDocument;
import io.calllog.query.projection.ReplayCatchUp;
import io.calllog.query.call.CallOutcomeMetrics;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.calllog.query.projection.DocumentProjection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays, on the all-in-one app against real PostgreSQL and MongoDB-protocol servers:
 * <ul>
 *     <li>the calls projection rebuilt by a replay equals the one built live, document for document, with a second
 *     instance sharing the segments (the replay is requested on the instance that holds none);</li>
 *     <li>a report deployed after 5,000 calls exist reaches the numbers of one that ran from the start, and both
 *     match numbers computed independently from the events posted;</li>
 *     <li>a handler whose side effect must not repeat is not called during a replay.</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayTest {

    private static TestPostgres.Database postgres;
    private static TestMongo.Database mongo;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        postgres = TestPostgres.newDatabase();
        mongo = TestMongo.newDatabase();
        postgres.registerAsDataSource(registry);
        mongo.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate readModel;
    @Autowired
    MeterRegistry meters;

    /** Another instance of the app on the same event store, with the given read-model database. */
    private static ConfigurableApplicationContext anotherInstance(TestMongo.Database readModelDatabase) {
        return new SpringApplicationBuilder(CallLogApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.data.mongodb.uri=" + readModelDatabase.uri(),
                "--spring.data.mongodb.database=" + readModelDatabase.name());
    }

    private static void post(ApiClient client, CallHistory history) {
        for (String batch : history.batches(1_000)) {
            ApiClient.Response response = client.postBatch(batch);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("rejected").asInt()).isZero();
        }
    }

    /** What the calls projection writes on MongoDB: each call (no mirror: lists use the calls' own indexes). */
    private List<Document> callDocuments() {
        // without the term index's ordinals: handed out in the order calls are first written, anew by a replay
        return readModel.getCollection(CallDocument.COLLECTION).find().sort(new Document("_id", 1))
                .projection(new Document(DocumentProjection.ORDINAL_FIELD, 0)).into(new ArrayList<>());
    }

    private double endedCallsCounted(MeterRegistry registry) {
        return registry.find(CallOutcomeMetrics.ENDED_CALLS).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aReplayedCallsProjectionEqualsTheLiveOneWhileAnotherInstanceSharesItsSegments() {
        ApiClient client = new ApiClient(port);
        try (ConfigurableApplicationContext second = anotherInstance(mongo)) {
            ApiClient secondClient = ApiClient.of(second);
            CallHistory history = new CallHistory("replayed", 300, 5, 7);
            post(client, history);
            client.awaitProjection("calls");
            List<Document> live = callDocuments();
            assertThat(live).hasSize(300);
            double endedLive = endedCallsCounted(meters) + endedCallsCounted(second.getBean(MeterRegistry.class));
            assertThat(endedLive).as("ended calls counted live").isGreaterThan(0);

            // requested on one instance, refused on the other while it runs
            ApiClient.Response started = secondClient.post("/api/admin/projections/calls/replay");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            assertThat(started.json().get("state").asText()).isIn("resetting", "replaying");
            ApiClient.Response again = client.post("/api/admin/projections/calls/replay");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
            assertThat(again.json().get("type").asText()).isEqualTo("urn:call-log:problem:replay-in-progress");
            // a call's history comes from the event store: whole while its projection is being rebuilt
            JsonNode stored = client.get("/api/calls/replayed_0/events?limit=1000").json().get("events");
            assertThat(stored.get(0).get("type").asText()).isEqualTo("started");
            for (int i = 0; i < stored.size(); i++) {
                assertThat(stored.get(i).get("sequence").asLong()).isEqualTo(i);
            }

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                    client.get("/api/admin/projections/calls/replay").json().get("state").asText().equals("done"));
            JsonNode replay = client.get("/api/admin/projections/calls/replay").json();
            assertThat(replay.get("eventsDone").asLong()).isEqualTo(replay.get("eventsTotal").asLong()).isPositive();
            client.awaitProjection("calls");

            assertThat(callDocuments()).isEqualTo(live);
            assertThat(meters.counter(ReplayCatchUp.EVENTS_CAUGHT_UP, "projection", "calls").count()
                    + second.getBean(MeterRegistry.class)
                    .counter(ReplayCatchUp.EVENTS_CAUGHT_UP, "projection", "calls").count())
                    .as("the requester caught the projection up in large batches").isPositive();
            assertThat(endedCallsCounted(meters) + endedCallsCounted(second.getBean(MeterRegistry.class)))
                    .as("a replay does not count ended calls again").isEqualTo(endedLive);
            assertThat(client.get("/api/admin/projections/calls").json().get("state").asText()).isEqualTo("running");
        }
    }

    @Test
    void aReportDeployedAfter5000CallsReachesTheNumbersOfOneThatRanFromTheStart() {
        ApiClient client = new ApiClient(port);
        CallHistory history = new CallHistory("reported", 5_000, 12, 11);
        post(client, history);
        client.awaitProjection("campaign-stats");
        Map<String, CallHistory.ExpectedReport> expected = history.expectedReports();
        Map<String, JsonNode> fromTheStart = reports(client, expected.keySet());
        assertMatches(fromTheStart, expected);

        // a fresh read model: the report is deployed now, and builds itself from the 5,000 calls in the store
        try (ConfigurableApplicationContext later = anotherInstance(TestMongo.newDatabase())) {
            ApiClient laterClient = ApiClient.of(later);
            laterClient.awaitProjection("campaign-stats");
            Map<String, JsonNode> deployedLater = reports(laterClient, expected.keySet());
            assertThat(deployedLater).isEqualTo(fromTheStart);
            assertMatches(deployedLater, expected);
        }
    }

    /** The reports of the given campaigns, read page by page through the list endpoint. */
    private static Map<String, JsonNode> reports(ApiClient client, java.util.Set<String> campaigns) {
        Map<String, JsonNode> reports = new TreeMap<>();
        for (int page = 1; ; page++) {
            JsonNode body = client.get("/api/reports/campaigns?limit=100&page=" + page).json();
            body.get("campaigns").forEach(report -> {
                if (campaigns.contains(report.get("campaignUuid").asText())) {
                    reports.put(report.get("campaignUuid").asText(), report);
                }
            });
            if ((long) page * 100 >= body.get("total").asLong()) {
                return reports;
            }
        }
    }

    private static void assertMatches(Map<String, JsonNode> reports, Map<String, CallHistory.ExpectedReport> expected) {
        assertThat(reports.keySet()).isEqualTo(expected.keySet());
        expected.forEach((campaign, report) -> {
            JsonNode actual = reports.get(campaign);
            assertThat(actual.get("calls").asLong()).as(campaign + " calls").isEqualTo(report.calls());
            assertThat(counts(actual.get("callsPerStatus"))).as(campaign + " per status")
                    .isEqualTo(report.callsPerStatus());
            assertThat(actual.get("totalDuration").asLong()).as(campaign + " duration").isEqualTo(report.totalDuration());
            long ended = report.calls() - report.callsPerStatus().get("in-progress");
            assertThat(actual.get("averageDuration").decimalValue()).as(campaign + " average")
                    .isEqualByComparingTo(BigDecimal.valueOf(report.totalDuration())
                            .divide(BigDecimal.valueOf(ended), 2, java.math.RoundingMode.HALF_UP));
            assertThat(actual.get("totalCost").decimalValue()).as(campaign + " cost")
                    .isEqualByComparingTo(report.totalCost());
            assertThat(counts(actual.get("callsPerDay"))).as(campaign + " per day").isEqualTo(report.callsPerDay());
            assertThat(counts(actual.get("transcriptLinesPerRole"))).as(campaign + " lines per role")
                    .isEqualTo(report.transcriptLinesPerRole());
        });
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            counts.put(field.getKey(), field.getValue().asLong());
        }
        return counts;
    }
}
