package io.calllog.command.ingestion;

import io.calllog.testsupport.ApiClient;
import io.calllog.command.PostgresBackedContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers retry whenever they are unsure: the same batch posted again and again, one after another or all at once,
 * stores each event exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetryStormTest extends PostgresBackedContext {

    private static final int CALLS = 20;
    private static final int LINES = 10;

    @LocalServerPort
    int port;

    private record Batch(List<String> callUuids, String json) {
        int eventsPerCall() {
            return 1 + LINES + 2;
        }
    }

    private static Batch batch() {
        List<String> calls = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int c = 0; c < CALLS; c++) {
            calls.add(newCallUuid());
        }
        for (String call : calls) {
            items.add("""
                    {"callUuid": "%s", "type": "started", "campaignUuid": "campaign_1", "recordUuid": "record_%s",
                     "direction": "outbound", "startedAt": "2026-04-20T15:00:00Z"}""".formatted(call, call));
        }
        for (int seq = 0; seq < LINES; seq++) {
            for (String call : calls) {
                items.add("""
                        {"callUuid": "%s", "type": "transcript", "seq": %d, "role": "%s", "text": "line %d"}"""
                        .formatted(call, seq, seq % 2 == 0 ? "assistant" : "user", seq));
            }
        }
        for (String call : calls) {
            items.add("""
                    {"callUuid": "%s", "type": "completed", "status": "completed", "duration": 60, "cost": 0.2}"""
                    .formatted(call));
            items.add("""
                    {"callUuid": "%s", "type": "summarized", "summary": "Interested."}""".formatted(call));
        }
        return new Batch(calls, "{\"events\": [" + String.join(",", items) + "]}");
    }

    @Test
    void theSameBatchPostedFiveTimesInARowStoresEachEventOnce() {
        Batch batch = batch();
        ApiClient client = new ApiClient(port);
        List<ApiClient.Response> responses = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            responses.add(client.postBatch(batch.json()));
        }
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(responses.get(0).body()).contains("\"recorded\":" + CALLS * batch.eventsPerCall());
        assertThat(responses.subList(1, 5)).allSatisfy(r -> assertThat(r.body())
                .contains("\"recorded\":0,\"duplicates\":" + CALLS * batch.eventsPerCall() + ",\"rejected\":0"));
        assertStoredOnce(batch);
    }

    @Test
    void theSameBatchPostedFiveTimesAtOnceStoresEachEventOnce() throws Exception {
        Batch batch = batch();
        ApiClient client = new ApiClient(port);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<ApiClient.Response>> responses = new ArrayList<>();
            for (int attempt = 0; attempt < 5; attempt++) {
                responses.add(pool.submit(() -> client.postBatch(batch.json())));
            }
            int recorded = 0;
            for (Future<ApiClient.Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(200);
                assertThat(response.get().body()).contains("\"rejected\":0");
                recorded += Integer.parseInt(response.get().body().replaceAll("^\\{\"recorded\":(\\d+),.*$", "$1"));
            }
            assertThat(recorded).as("events recorded over all five responses").isEqualTo(CALLS * batch.eventsPerCall());
        } finally {
            pool.shutdownNow();
        }
        assertStoredOnce(batch);
    }

    private void assertStoredOnce(Batch batch) {
        for (String call : batch.callUuids()) {
            assertThat(storedEventTypes(call)).hasSize(batch.eventsPerCall()).startsWith("CallStarted")
                    .endsWith("CallCompleted", "CallSummarized");
            Integer distinctLines = jdbc.queryForObject("SELECT COUNT(DISTINCT convert_from(payload, 'UTF8')::json->>'seq') "
                    + "FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%TranscriptLineAppended'",
                    Integer.class, call);
            assertThat(distinctLines).isEqualTo(LINES);
        }
    }
}
