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
 * MongoDB becomes unreachable (a {@link FaultyLink} between the all-in-one app and the server is cut, then restored):
 * the Calls API, reports and administration answer 503 problems; ingestion goes on; the projection pauses, then
 * catches up without loss or duplication.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MongoOutageTest {

    private static final TestPostgres.Database POSTGRES = TestPostgres.newDatabase();
    private static final TestMongo.Database MONGO = TestMongo.newDatabase();
    private static final FaultyLink MONGO_LINK = FaultyLink.toServerOf(MONGO.uri());

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::jdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("spring.data.mongodb.uri", () -> MONGO_LINK.route(MONGO.uri()));
        registry.add("spring.data.mongodb.database", MONGO::name);
        registry.add("calllog.query.mongo-timeout", () -> "1500ms");
    }

    @AfterAll
    static void closeLinks() {
        MONGO_LINK.close();
    }

    @LocalServerPort
    int port;

    @Test
    void whileMongoIsUnreachableTheCallsApiAnswers503AndTheProjectionCatchesUpAfterwards() {
        ApiClient client = new ApiClient(port);
        assertThat(FiveEventCall.postUntilNot503(client, FiveEventCall.batch("mongo_before", "c_outage")).status()).isEqualTo(200);
        client.awaitCall("mongo_before", "completed");

        MONGO_LINK.cut();
        List<String> during = new ArrayList<>();
        try {
            for (String path : List.of("/api/calls?campaignUuid=c_outage", "/api/calls/mongo_before",
                    "/api/reports/campaigns")) {
                ApiClient.Response response = client.get(path);
                assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(503);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("Retry-After")).isNotNull();
            }
            // the event store is up: workers go on posting while the read model is away
            for (int i = 0; i < 20; i++) {
                String call = "mongo_during_" + i;
                assertThat(FiveEventCall.postUntilNot503(client, FiveEventCall.batch(call, "c_outage")).status()).isEqualTo(200);
                during.add(call);
            }
        } finally {
            MONGO_LINK.restore();
        }

        for (String call : during) {
            JsonNode projected = client.awaitCall(call, "completed");
            assertThat(projected.get("transcript").findValuesAsText("text"))
                    .containsExactly("line 0", "line 1", "line 2");
        }
        client.awaitProjection("calls");
        JsonNode page = client.get("/api/calls?campaignUuid=c_outage&limit=100").json();
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(21);
        assertThat(page.get("calls").findValuesAsText("uuid")).doesNotHaveDuplicates();
    }
}
