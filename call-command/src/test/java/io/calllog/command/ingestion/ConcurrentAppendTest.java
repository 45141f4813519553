package io.calllog.command.ingestion;

import io.calllog.command.CallCommandApplication;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out shape of the command side: two independent application contexts (each with its own aggregate cache)
 * on one PostgreSQL, both appending to the same call at the same time. The unique (aggregate, sequence) key makes the
 * loser of every race retry; nothing is lost, nothing is stored twice, and sequence numbers stay contiguous.
 */
class ConcurrentAppendTest {

    private static final int LINES = 300;

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoInstances() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        first = start(database);
        second = start(database);
        jdbc = first.getBean(JdbcTemplate.class);
    }

    private static ConfigurableApplicationContext start(TestPostgres.Database database) {
        return new SpringApplicationBuilder(CallCommandApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password());
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }


    @Test
    void everyLineIsStoredExactlyOnceWithContiguousSequenceNumbers() throws Exception {
        String call = "call_" + UUID.randomUUID();
        ApiClient a = ApiClient.of(first);
        ApiClient b = ApiClient.of(second);
        assertThat(a.postEvent(call, """
                {"type": "started", "campaignUuid": "campaign_1", "recordUuid": "record_1", "direction": "inbound"}""")
                .status()).isEqualTo(201);
        // both instances cache the call before the race starts
        assertThat(b.postEvent(call, """
                {"type": "started", "campaignUuid": "campaign_1", "recordUuid": "record_1", "direction": "inbound"}""")
                .status()).isEqualTo(200);

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            // each instance gets every line once, in opposite orders, so that every line is raced for
            Future<List<Integer>> viaA = workers.submit(() -> postLines(a, call, start, false));
            Future<List<Integer>> viaB = workers.submit(() -> postLines(b, call, start, true));
            List<Integer> statuses = new ArrayList<>(viaA.get());
            statuses.addAll(viaB.get());
            assertThat(statuses).allMatch(status -> status == 200 || status == 201);
            assertThat(statuses.stream().filter(status -> status == 201)).hasSize(LINES);
        } finally {
            workers.shutdownNow();
        }

        List<Long> sequenceNumbers = jdbc.queryForList("SELECT sequence_number FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY sequence_number", Long.class, call);
        assertThat(sequenceNumbers).containsExactlyElementsOf(LongStream.rangeClosed(0, LINES).boxed().toList());
        List<Integer> seqs = jdbc.queryForList("SELECT (convert_from(payload, 'UTF8')::json->>'seq')::int AS seq "
                + "FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%TranscriptLineAppended' "
                + "ORDER BY seq", Integer.class, call);
        assertThat(seqs).containsExactlyElementsOf(java.util.stream.IntStream.range(0, LINES).boxed().toList());
    }

    @Test
    void batchesRacingOverTheSameCallsStoreEveryEventExactlyOnce() throws Exception {
        List<String> calls = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "call_" + UUID.randomUUID()).toList();
        ApiClient a = ApiClient.of(first);
        ApiClient b = ApiClient.of(second);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            // both instances get every batch, in opposite orders: each batch starts the calls and adds 10 lines
            Future<List<String>> viaA = workers.submit(() -> postBatches(a, calls, start, false));
            Future<List<String>> viaB = workers.submit(() -> postBatches(b, calls, start, true));
            List<String> bodies = new ArrayList<>(viaA.get());
            bodies.addAll(viaB.get());
            assertThat(bodies).allMatch(body -> body.contains("\"rejected\":0"));
        } finally {
            workers.shutdownNow();
        }
        for (String call : calls) {
            List<Long> sequenceNumbers = jdbc.queryForList("SELECT sequence_number FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? ORDER BY sequence_number", Long.class, call);
            assertThat(sequenceNumbers).as(call).containsExactlyElementsOf(LongStream.range(0, 1 + 5 * 10).boxed().toList());
        }
    }

    private static List<String> postBatches(ApiClient client, List<String> calls, CyclicBarrier start,
                                            boolean reversed) throws Exception {
        start.await();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int part = reversed ? 4 - i : i;
            List<String> items = new ArrayList<>();
            for (String call : calls) {
                items.add("""
                        {"callUuid": "%s", "type": "started", "campaignUuid": "c", "recordUuid": "r", "direction": "inbound"}"""
                        .formatted(call));
                for (int seq = part * 10; seq < part * 10 + 10; seq++) {
                    items.add("""
                            {"callUuid": "%s", "type": "transcript", "seq": %d, "role": "user", "text": "line %d"}"""
                            .formatted(call, seq, seq));
                }
            }
            ApiClient.Response response;
            do {
                response = client.postBatch("{\"events\": [" + String.join(",", items) + "]}");
            } while (response.status() == 503);
            assertThat(response.status()).isEqualTo(200);
            bodies.add(response.body());
        }
        return bodies;
    }

    private static List<Integer> postLines(ApiClient client, String call, CyclicBarrier start, boolean reversed)
            throws Exception {
        start.await();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            int seq = reversed ? LINES - 1 - i : i;
            statuses.add(client.postEventRetrying(call, """
                    {"type": "transcript", "seq": %d, "role": "user", "text": "line %d"}""".formatted(seq, seq)).status());
        }
        return statuses;
    }
}
