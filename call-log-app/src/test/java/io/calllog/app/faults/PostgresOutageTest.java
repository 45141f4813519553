package io.calllog.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.FaultyLink;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL becomes unreachable under load: a {@link FaultyLink} between the all-in-one app and the server is cut
 * while three workers post, then restored. Ingestion answers 503 problems with {@code Retry-After}; a refused batch
 * stored nothing, none is half stored; after recovery every acknowledged event is in the event store exactly once,
 * and in the read model. Its own class (so its own application context and databases): the outage leaves broken
 * connections behind that must not disturb another test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresOutageTest {

    private static final TestPostgres.Database POSTGRES = TestPostgres.newDatabase();
    private static final TestMongo.Database MONGO = TestMongo.newDatabase();
    private static final FaultyLink POSTGRES_LINK = FaultyLink.toServerOf(POSTGRES.jdbcUrl());

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> POSTGRES_LINK.route(POSTGRES.jdbcUrl()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        // a request waits this long for a connection before its 503 (HikariCP's default is 30 s)
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1500");
        registry.add("spring.data.mongodb.uri", MONGO::uri);
        registry.add("spring.data.mongodb.database", MONGO::name);
    }

    @AfterAll
    static void closeLinks() {
        POSTGRES_LINK.close();
    }

    @LocalServerPort
    int port;

    @Test
    void whilePostgresIsUnreachableIngestionAnswers503AndAfterwardsEveryAcknowledgedEventIsStoredOnce() throws Exception {
        ApiClient client = new ApiClient(port);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<String, Integer> expectedEvents = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                for (int batch = 0; !stop.get(); batch++) {
                    String call = "pg_outage_" + worker + "_" + batch;
                    String body = FiveEventCall.batch(call, "c_outage");
                    ApiClient.Response response = client.postBatch(body);
                    boolean refusedBefore = false;
                    while (response.status() == 503) { // what a worker does: wait as told, post the same again
                        refusedBefore = true;
                        refusals.incrementAndGet();
                        if (!response.contentType().startsWith("application/problem+json")
                                || response.header("Retry-After") == null) {
                            failures.add("a 503 without problem or Retry-After: " + response);
                        }
                        FiveEventCall.waitAsToldBy(response.header("Retry-After"));
                        response = client.postBatch(body);
                    }
                    if (response.status() != 200) {
                        failures.add(call + ": " + response.status() + " " + response.body());
                        continue;
                    }
                    JsonNode receipt = response.json();
                    int recorded = receipt.get("recorded").asInt();
                    int duplicates = receipt.get("duplicates").asInt();
                    // never half stored: the refused attempt stored all of the batch (the commit went through, its
                    // answer was lost) or, far more often, none of it
                    if (refusedBefore && recorded != 0 && duplicates != 0) {
                        failures.add(call + " was half stored: " + receipt);
                    }
                    if (recorded + duplicates != 5) {
                        failures.add(call + ": " + receipt);
                    }
                    expectedEvents.put(call, 5);
                    acknowledged.incrementAndGet();
                }
            });
            thread.start();
            workers.add(thread);
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 10);
            POSTGRES_LINK.cut();
            // requests caught in flight by the cut have been seen to hang up to 30 s before they fail
            await().atMost(Duration.ofSeconds(90)).until(() -> refusals.get() >= 6);
        } finally {
            POSTGRES_LINK.restore();
        }
        int afterRecovery = acknowledged.get();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.get() >= afterRecovery + 10);
        } finally {
            stop.set(true);
            for (Thread worker : workers) {
                worker.join(Duration.ofSeconds(30).toMillis());
            }
        }

        assertThat(failures).isEmpty();
        assertThat(refusals.get()).isGreaterThanOrEqualTo(6);
        try (Connection connection = POSTGRES.connect();
             PreparedStatement perCall = connection.prepareStatement("SELECT aggregate_identifier, COUNT(*), "
                     + "COUNT(DISTINCT sequence_number) FROM domain_event_entry "
                     + "WHERE aggregate_identifier LIKE 'pg_outage_%' GROUP BY aggregate_identifier");
             ResultSet stored = perCall.executeQuery()) {
            Map<String, Integer> found = new ConcurrentHashMap<>();
            while (stored.next()) {
                assertThat(stored.getInt(2)).as("events of " + stored.getString(1)).isEqualTo(stored.getInt(3));
                found.put(stored.getString(1), stored.getInt(2));
            }
            assertThat(found).isEqualTo(expectedEvents);
        }
        for (String call : expectedEvents.keySet()) {
            assertThat(client.awaitCall(call, "completed").get("transcript")).hasSize(3);
        }
    }
}
