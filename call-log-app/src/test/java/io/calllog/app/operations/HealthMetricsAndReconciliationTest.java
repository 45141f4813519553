package io.calllog.app.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What an operator watches: the health of the event store, the read model and each projection; the Prometheus
 * metrics; and the reconciliation of the calls read model against the event store, which finds a document lost from
 * the read model and one that missed an event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // Spring Boot tests turn metrics export off unless asked
class HealthMetricsAndReconciliationTest {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
        // pages of two calls, so that the reconciliation goes through several
        registry.add("calllog.reconciliation.page-size", () -> "2");
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate readModel;

    @Test
    void healthReportsTheEventStoreTheReadModelAndEachProjectionsLag() {
        ApiClient client = new ApiClient(port);
        postCall(client, "health_1");
        client.awaitProjection("calls");
        client.awaitProjection("campaign-stats");

        JsonNode health = client.get("/actuator/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).as("the event store").isEqualTo("UP");
        assertThat(health.at("/components/mongo/status").asText()).as("the read model").isEqualTo("UP");
        JsonNode projections = health.at("/components/projections");
        assertThat(projections.get("status").asText()).isEqualTo("UP");
        for (String projection : new String[]{"calls", "campaign-stats"}) {
            JsonNode details = projections.at("/details/" + projection);
            assertThat(details.get("state").asText()).isEqualTo("running");
            assertThat(details.get("lag").asLong()).isZero();
            assertThat(details.get("head").asLong()).isPositive();
            assertThat(details.get("deadLetters").asLong()).isZero();
        }
    }

    @Test
    void prometheusShowsIngestionCommandLatencyProjectionLagAndDeadLetters() {
        ApiClient client = new ApiClient(port);
        postCall(client, "metrics_1");
        postCall(client, "metrics_1"); // a retry: duplicates
        client.awaitProjection("calls");

        ApiClient.Response scrape = client.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("calllog_ingestion_events_total{outcome=\"recorded\"}")
                .contains("calllog_ingestion_events_total{outcome=\"duplicate\"}")
                .contains("calllog_ingestion_command_seconds_count{request=\"batch\"}")
                .contains("calllog_projection_lag_events{projection=\"calls\"} 0.0")
                .contains("calllog_projection_dead_letters_events{projection=\"calls\"} 0.0")
                .contains("calllog_reconciliation_drift");
    }

    @Test
    void reconciliationFindsADocumentLostFromTheReadModelAndOneThatMissedAnEvent() {
        ApiClient client = new ApiClient(port);
        for (String call : new String[]{"reconcile_1", "reconcile_2", "reconcile_3"}) {
            postCall(client, call);
        }
        client.awaitCall("reconcile_3", "completed");
        client.awaitProjection("calls");
        JsonNode clean = client.get("/api/admin/projections/calls/reconciliation").json();
        assertThat(clean.get("callsDrifted").asLong()).isZero();
        assertThat(clean.get("callsChecked").asLong()).isGreaterThanOrEqualTo(3);

        readModel.remove(Query.query(where("_id").is("reconcile_1")), "calls");
        // as if the completion (sequence 2) had been skipped by the processor
        readModel.updateFirst(Query.query(where("_id").is("reconcile_2")), Update.update("lastSequence", 1), "calls");

        JsonNode drift = client.get("/api/admin/projections/calls/reconciliation").json();
        assertThat(drift.get("callsDrifted").asLong()).isEqualTo(2);
        assertThat(drift.get("drifted").findValuesAsText("callUuid")).containsExactlyInAnyOrder("reconcile_1", "reconcile_2");
        for (JsonNode call : drift.get("drifted")) {
            assertThat(call.get("storedThrough").asLong()).isEqualTo(2);
            assertThat(call.get("projectedThrough").isNull() ? -1 : call.get("projectedThrough").asLong())
                    .isEqualTo(call.get("callUuid").asText().equals("reconcile_1") ? -1 : 1);
        }
        assertThat(client.get("/actuator/prometheus").body()).contains("calllog_reconciliation_drift 2.0");
    }

    /** started, one line, completed: sequence numbers 0 to 2. */
    private static void postCall(ApiClient client, String call) {
        ApiClient.Response response = client.postBatch("""
                {"events":[
                 {"callUuid":"%1$s","type":"started","campaignUuid":"c_ops","recordUuid":"r","direction":"outbound"},
                 {"callUuid":"%1$s","type":"transcript","seq":0,"role":"user","text":"hello"},
                 {"callUuid":"%1$s","type":"completed","status":"completed","duration":3,"cost":0.2}]}""".formatted(call));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
