package io.calllog.app;

import io.calllog.testsupport.ApiClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The all-in-one app with no database configured: event store in an H2 file, read model and tokens in an in-process
 * mongo-java-server on an H2 file, both under the data directory. A restart keeps the data and the tokens: the
 * projection resumes where it stopped instead of replaying history.
 */
class EmbeddedDefaultTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CallLogApplication.class)
                .run("--server.port=0", "--calllog.data-dir=" + dataDir);
    }

    @Test
    void servesTheSeedCallFromEmbeddedStoresAndKeepsDataAndTokensAcrossARestart() {
        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            assertThat(client.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
            client.postEvent(SeedCall.UUID, SeedCall.STARTED);
            client.postEvent(SeedCall.UUID, SeedCall.LINE_0);
            client.postEvent(SeedCall.UUID, SeedCall.LINE_1);
            client.postEvent(SeedCall.UUID, SeedCall.COMPLETED);
            client.postEvent(SeedCall.UUID, SeedCall.SUMMARIZED);
            client.postEvent("call_marker", SeedCall.STARTED);
            client.awaitCall(SeedCall.UUID, "completed");
            client.awaitCall("call_marker", "in-progress");
            SeedCall.assertMatchesSeed(client.get("/api/calls/" + SeedCall.UUID).json(), SeedCall.expected(), "call");
            // removed by hand from the read model: only a replay of history would bring it back
            MongoTemplate mongo = app.getBean(MongoTemplate.class);
            mongo.remove(Query.query(where("_id").is("call_marker")), "calls");
            assertThat(mongo.getCollection("trackingtokens").countDocuments()).isPositive();
            // the embedded server scans: lists search the calls' slim entries, kept beside them
            Document entry = mongo.getCollection(EmbeddedCallList.COLLECTION)
                    .find(new Document("_id", SeedCall.UUID)).first();
            assertThat(entry.keySet()).containsExactlyInAnyOrderElementsOf(
                            java.util.stream.Stream.concat(java.util.stream.Stream.of("_id", "ordinal"),
                                    io.calllog.query.call.CallFilter.FIELDS.stream()).toList());
            assertThat(entry)
                    .containsEntry("status", "completed");
            // as a read model written before the list existed: filled again at the next start
            mongo.dropCollection(EmbeddedCallList.COLLECTION);
        }
        assertThat(Files.exists(dataDir.resolve("events.mv.db"))).isTrue();
        assertThat(Files.exists(dataDir.resolve("readmodel.mv.db"))).isTrue();

        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = ApiClient.of(app);
            SeedCall.assertMatchesSeed(client.get("/api/calls/" + SeedCall.UUID).json(), SeedCall.expected(), "call");
            assertThat(client.get("/api/calls?status=completed").json().at("/calls/0/uuid").asText())
                    .isEqualTo(SeedCall.UUID);
            // the projection goes on from its token: a new event is projected ...
            assertThat(client.postEvent("call_after_restart", SeedCall.STARTED).status()).isEqualTo(201);
            client.awaitCall("call_after_restart", "in-progress");
            // ... and history was not replayed
            assertThat(client.get("/api/calls/call_marker").status()).isEqualTo(404);
            assertThat(client.postEvent(SeedCall.UUID, SeedCall.LINE_0).status()).isEqualTo(200);
        }
    }
}
