package io.calllog.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.app.CallLogApplication;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.call.CallProjection;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event that the calls projection cannot handle goes to its dead-letter queue with the later events of its call;
 * other calls go on; the admin API lists the dead letters and retries them, and once the cause is gone the call
 * catches up, each event applied once. A dead letter holds its event's personal data sealed, as the event store does.
 */
@SpringBootTest(classes = {CallLogApplication.class, DeadLetterTest.FailingOnPoison.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterTest {

    /** A handler of the calls projection with a bug for one text, "fixed" by the test ({@link #FAILING}). */
    @ProcessingGroup(CallProjection.PROCESSING_GROUP)
    @Order(Ordered.HIGHEST_PRECEDENCE) // handled before CallProjection, which then never sees the event
    static class FailingOnPoison {

        static final AtomicBoolean FAILING = new AtomicBoolean(true);

        @EventHandler
        void on(TranscriptLineAppended line) {
            if (FAILING.get() && line.text().equals("poison")) {
                throw new IllegalStateException("cannot handle this line");
            }
        }
    }

    private static final String STARTED = """
            {"type":"started","campaignUuid":"c_dlq","recordUuid":"r","direction":"inbound"}""";
    private static final String COMPLETED = """
            {"type":"completed","status":"completed","duration":5,"cost":0.1}""";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aPoisonedCallWaitsInTheDeadLetterQueueWithoutHoldingUpOthersAndCatchesUpWhenRetriedAfterTheFix() {
        ApiClient client = new ApiClient(port);
        client.postEvent("call_poisoned", STARTED);
        client.awaitCall("call_poisoned", "in-progress");
        client.postEvent("call_poisoned", line(0, "poison"));
        client.postEvent("call_poisoned", line(1, "after the poison"));
        client.postEvent("call_poisoned", COMPLETED);
        client.postEvent("call_healthy", STARTED);
        client.postEvent("call_healthy", line(0, "fine"));
        client.postEvent("call_healthy", COMPLETED);

        // the other call goes on, the poisoned one stops at its dead letter
        client.awaitCall("call_healthy", "completed");
        client.awaitProjection("calls");
        JsonNode held = client.get("/api/calls/call_poisoned").json();
        assertThat(held.get("status").asText()).isEqualTo("in-progress");
        assertThat(held.get("transcript")).isEmpty();

        JsonNode deadLetters = client.get("/api/admin/projections/calls/dead-letters").json();
        assertThat(deadLetters.get("sequences").asLong()).isEqualTo(1);
        assertThat(deadLetters.get("letters").asLong()).isEqualTo(3);
        JsonNode call = deadLetters.get("calls").get(0);
        assertThat(call.get("callUuid").asText()).isEqualTo("call_poisoned");
        JsonNode first = call.get("letters").get(0);
        assertThat(first.get("eventType").asText()).isEqualTo("TranscriptLineAppended");
        assertThat(first.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(first.get("causeType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.get("causeMessage").asText()).isEqualTo("cannot handle this line");
        assertThat(first.get("attempts").asLong()).isEqualTo(1);
        assertThat(call.get("letters").findValuesAsText("eventType"))
                .containsExactly("TranscriptLineAppended", "TranscriptLineAppended", "CallCompleted");
        // dead letters are written by the app's serializer: personal data sealed, as in the event store
        assertThat(TestMongo.dataHolding("after the poison")).as("MongoDB data holding a dead letter's text").isEmpty();

        // a retry while the cause remains: the letters stay, the attempt is counted
        JsonNode retried = client.post("/api/admin/projections/calls/dead-letters/retry").json();
        assertThat(retried.get("succeeded").asInt()).isZero();
        assertThat(retried.get("failed").asInt()).isEqualTo(1);
        assertThat(retried.get("remainingLetters").asLong()).isEqualTo(3);
        assertThat(client.get("/api/admin/projections/calls/dead-letters").json()
                .at("/calls/0/letters/0/attempts").asLong()).isEqualTo(2);

        // the fix is deployed: the retry hands the call's events to the projection, in order, once
        FailingOnPoison.FAILING.set(false);
        retried = client.post("/api/admin/projections/calls/dead-letters/retry").json();
        assertThat(retried.get("succeeded").asInt()).isEqualTo(1);
        assertThat(retried.get("remainingLetters").asLong()).isZero();
        JsonNode caughtUp = client.awaitCall("call_poisoned", "completed");
        assertThat(caughtUp.get("transcript").findValuesAsText("text")).containsExactly("poison", "after the poison");
        assertThat(client.get("/api/admin/projections/calls/dead-letters").json().get("letters").asLong()).isZero();
        assertThat(client.get("/api/admin/projections/calls").json().get("state").asText()).isEqualTo("running");
    }

    private static String line(int seq, String text) {
        return "{\"type\":\"transcript\",\"seq\":" + seq + ",\"role\":\"user\",\"text\":\"" + text + "\"}";
    }
}
