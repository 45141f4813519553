package io.calllog.app.faults;

import com.mongodb.MongoException;
import io.calllog.app.CallLogApplication;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.call.CallDocument;
import io.calllog.query.call.CallProjection;
import io.calllog.query.projection.ReplayCatchUp;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import io.calllog.query.projection.DocumentProjection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replay's catch-up that fails half way (the read model refuses a write) stops, and the processors replay the rest
 * from the tokens it stored: the replay completes and the projection equals the live one, each event applied once.
 */
@SpringBootTest(classes = {CallLogApplication.class, ReplayCatchUpFailureTest.FailingOnceDuringTheReplay.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "calllog.projections.replay.batch-size=50")
class ReplayCatchUpFailureTest {

    /** A handler of the calls projection that, once armed, fails one line the way a lost MongoDB write does. */
    @ProcessingGroup(CallProjection.PROCESSING_GROUP)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class FailingOnceDuringTheReplay {

        static final AtomicBoolean ARMED = new AtomicBoolean(false);

        @EventHandler
        void on(TranscriptLineAppended line) {
            if (line.text().equals("the line the read model refuses") && ARMED.compareAndSet(true, false)) {
                throw new MongoException("the read model refused the write");
            }
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate readModel;
    @Autowired
    MeterRegistry meters;

    private List<Document> calls() {
        // without the term index's ordinals: handed out in the order calls are first written, anew by a replay
        return readModel.getCollection(CallDocument.COLLECTION).find().sort(new Document("_id", 1))
                .projection(new Document(DocumentProjection.ORDINAL_FIELD, 0)).into(new ArrayList<>());
    }

    @Test
    void aCatchUpThatFailsHalfWayLeavesTheRestToTheProcessorsAndTheReplayCompletes() {
        ApiClient client = new ApiClient(port);
        List<String> events = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            String call = "catch_up_" + c;
            events.add("{\"callUuid\":\"" + call + "\",\"type\":\"started\",\"campaignUuid\":\"c\",\"recordUuid\":\"r\","
                    + "\"direction\":\"inbound\"}");
            for (int seq = 0; seq < 3; seq++) {
                String text = c == 40 && seq == 1 ? "the line the read model refuses" : "line " + seq;
                events.add("{\"callUuid\":\"" + call + "\",\"type\":\"transcript\",\"seq\":" + seq
                        + ",\"role\":\"user\",\"text\":\"" + text + "\"}");
            }
        }
        ApiClient.Response posted = client.postBatch("{\"events\":[" + String.join(",", events) + "]}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        client.awaitProjection("calls");
        List<Document> live = calls();
        assertThat(live).hasSize(60);

        FailingOnceDuringTheReplay.ARMED.set(true);
        assertThat(client.post("/api/admin/projections/calls/replay").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                client.get("/api/admin/projections/calls/replay").json().get("state").asText().equals("done"));
        client.awaitProjection("calls");

        assertThat(FailingOnceDuringTheReplay.ARMED).as("the catch-up met the refused write").isFalse();
        double caughtUp = meters.counter(ReplayCatchUp.EVENTS_CAUGHT_UP, "projection", "calls").count();
        assertThat(caughtUp).as("the catch-up stored some batches, then stopped").isPositive().isLessThan(240);
        assertThat(calls()).as("the processors replayed the rest, each event once").isEqualTo(live);
    }
}
