package io.calllog.query.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.CallQueryApplication;
import io.calllog.testsupport.MockMvcWithTestKey;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The change feed and a call's history, over HTTP, against a real event store (each subclass names which): a client
 * following cursors from the start sees every stored event once, in the store's order and each call's sequence order;
 * a transaction that commits after later events is delivered when it commits, once; two writers at once lose
 * nothing; a new instance of the service continues from a cursor the old one handed out.
 */
@SpringBootTest(properties = {"spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/eventstore"})
@AutoConfigureMockMvc
@Import(MockMvcWithTestKey.class)
abstract class ChangeFeedContract {

    static final Instant AT = Instant.parse("2026-04-20T15:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStorageEngine events;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Environment environment;

    private final Map<String, Long> sequences = new HashMap<>();
    /** Every event this test stored, as callUuid:sequence. */
    private final List<String> stored = new ArrayList<>();

    /** Stores the call's next event in a transaction of its own. */
    void store(String call, Object payload) {
        events.appendEvents(List.of(next(call, payload)));
    }

    private GenericDomainEventMessage<Object> next(String call, Object payload) {
        long sequence = sequences.merge(call, 1L, Long::sum) - 1;
        synchronized (stored) {
            stored.add(call + ":" + sequence);
        }
        return new GenericDomainEventMessage<>("Call", call, sequence, payload);
    }

    static CallStarted started(String call, String campaign) {
        return new CallStarted(call, campaign, "record_1", Direction.OUTBOUND, AT);
    }

    static TranscriptLineAppended line(String call, int seq) {
        return new TranscriptLineAppended(call, seq, SpeakerRole.USER, "line " + seq, AT);
    }

    JsonNode page(String query) throws Exception {
        MvcResult result = mvc.perform(get("/api/changes" + query)).andExpect(status().isOk()).andReturn();
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** Follows the cursors from {@code cursor} until a page is empty; answers the changes as callUuid:sequence. */
    List<String> follow(String cursor, int limit, String[] lastCursor) throws Exception {
        List<String> seen = new ArrayList<>();
        String next = cursor;
        while (true) {
            JsonNode page = page("?limit=" + limit + (next == null ? "" : "&after=" + next));
            page.get("changes").forEach(change ->
                    seen.add(change.get("callUuid").asText() + ":" + change.get("sequence").asLong()));
            next = page.get("next").asText();
            if (page.get("changes").isEmpty()) {
                lastCursor[0] = next;
                return seen;
            }
        }
    }

    /** Only this test's calls (the store is shared by the tests of a class). */
    private static List<String> ofCalls(List<String> changes, String prefix) {
        return changes.stream().filter(change -> change.startsWith(prefix)).toList();
    }

    @Test
    void aClientFollowingCursorsFromTheStartSeesEveryStoredEventOnceInOrderWithItsFields() throws Exception {
        String prefix = "order_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        for (int i = 0; i < 3; i++) {
            store(prefix + i, started(prefix + i, "campaign_" + i));
        }
        for (int i = 0; i < 3; i++) {
            store(prefix + i, line(prefix + i, 0));
            store(prefix + i, line(prefix + i, 1));
        }
        store(prefix + 0, new CallCompleted(prefix + 0, CallStatus.COMPLETED, 61, new BigDecimal("0.45"),
                "https://example.com/r.mp3", AT, EndReason.CALLER_HUNG_UP));
        store(prefix + 0, new CallSummarized(prefix + 0, "a summary"));

        List<String> seen = ofCalls(follow(null, 2, new String[1]), prefix);

        assertThat(seen).containsExactlyElementsOf(ofCalls(stored, prefix)).doesNotHaveDuplicates();
        JsonNode completed = page("?callUuid=" + prefix + 0 + "&type=completed&type=summarized");
        assertThat(completed.get("changes")).hasSize(2);
        JsonNode change = completed.get("changes").get(0);
        assertThat(change.get("campaignUuid").asText()).as("named by the call's start").isEqualTo("campaign_0");
        assertThat(change.get("type").asText()).isEqualTo("completed");
        assertThat(change.get("sequence").asLong()).isEqualTo(3);
        assertThat(change.get("recordedAt").asText()).isNotEmpty();
        assertThat(change.get("data").get("status").asText()).isEqualTo("completed");
        assertThat(change.get("data").get("duration").asLong()).isEqualTo(61);
        assertThat(change.get("data").get("cost").decimalValue()).isEqualByComparingTo("0.45");
        assertThat(change.get("data").get("endReason").asText()).isEqualTo("caller-hung-up");
        assertThat(completed.get("changes").get(1).get("data").get("summary").asText()).isEqualTo("a summary");

        JsonNode campaign = page("?campaignUuid=campaign_1&limit=1000");
        assertThat(campaign.get("changes").findValuesAsText("callUuid")).isNotEmpty().containsOnly(prefix + 1);
    }

    @Test
    void aTransactionThatCommitsAfterLaterEventsIsDeliveredWhenItCommitsAndOnlyOnce() throws Exception {
        String prefix = "gap_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        String[] cursor = new String[1];
        follow(null, 1_000, cursor); // to the head
        store(prefix + "held", started(prefix + "held", "c"));
        store(prefix + "other", started(prefix + "other", "c"));

        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    events.appendEvents(List.of(next(prefix + "held", line(prefix + "held", 0))));
                    appended.countDown();
                    await(commit);
                }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        store(prefix + "other", line(prefix + "other", 0));
        store(prefix + "other", line(prefix + "other", 1));

        List<String> before = ofCalls(follow(cursor[0], 1, cursor), prefix);
        assertThat(before).containsExactly(prefix + "held:0", prefix + "other:0", prefix + "other:1", prefix + "other:2");

        commit.countDown();
        held.get(30, TimeUnit.SECONDS);
        List<String> after = ofCalls(follow(cursor[0], 1, cursor), prefix);
        assertThat(after).as("the held line, once it committed").containsExactly(prefix + "held:1");
        assertThat(ofCalls(follow(cursor[0], 1, cursor), prefix)).as("and never again").isEmpty();
    }

    @Test
    void twoWritersAtOnceWhileAReaderFollowsLoseAndRepeatNothing() throws Exception {
        String prefix = "writers_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        String[] cursor = new String[1];
        follow(null, 1_000, cursor);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            String call = prefix + w;
            writers.add(CompletableFuture.runAsync(() -> {
                store(call, started(call, "c"));
                for (int seq = 0; seq < 60; seq++) {
                    store(call, line(call, seq));
                }
            }));
        }
        List<String> seen = new ArrayList<>();
        while (!writers.stream().allMatch(CompletableFuture::isDone)) {
            seen.addAll(ofCalls(follow(cursor[0], 7, cursor), prefix));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        seen.addAll(ofCalls(follow(cursor[0], 7, cursor), prefix));

        assertThat(seen).hasSize(122).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ofCalls(stored, prefix));
        for (int w = 0; w < 2; w++) {
            String call = prefix + w;
            assertThat(seen.stream().filter(change -> change.startsWith(call + ":")).toList())
                    .as("each call in its sequence order").isSortedAccordingTo(
                            (a, b) -> Long.compare(Long.parseLong(a.substring(a.lastIndexOf(':') + 1)),
                                    Long.parseLong(b.substring(b.lastIndexOf(':') + 1))));
        }
    }

    @Test
    void afterNowStartsAtTheHeadAndABadCursorOrTypeIsRefusedNamingIt() throws Exception {
        String prefix = "now_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        store(prefix + "old", started(prefix + "old", "c"));
        String now = page("?after=now").get("next").asText();
        store(prefix + "new", started(prefix + "new", "c"));
        assertThat(ofCalls(follow(now, 100, new String[1]), prefix)).containsExactly(prefix + "new:0");

        for (String bad : List.of("?after=nonsense", "?after=c1.%21%21", "?limit=0", "?limit=1001", "?type=ended",
                "?callUuid=a%20b", "?cursor=x", "?limit=5&limit=6")) {
            mvc.perform(get("/api/changes" + bad)).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:call-log:problem:invalid-query"))
                    .andExpect(jsonPath("$.errors[0].field").isNotEmpty());
        }
        mvc.perform(get("/api/changes?after=nonsense")).andExpect(jsonPath("$.errors[0].field").value("after"));
    }

    @Test
    void aCallsHistoryIsItsStoredEventsOldestFirstAtTheirCurrentRevisionPagedBySequence() throws Exception {
        String call = "history_" + UUID.randomUUID().toString().substring(0, 8);
        store(call, started(call, "c"));
        store(call, line(call, 0));
        store(call, new CallCompleted(call, CallStatus.BUSY, 0, BigDecimal.ZERO, null, AT, EndReason.BUSY));

        mvc.perform(get("/api/calls/" + call + "/events")).andExpect(status().isOk())
                .andExpect(jsonPath("$.callUuid").value(call))
                .andExpect(jsonPath("$.events[*].sequence").value(org.hamcrest.Matchers.contains(0, 1, 2)))
                .andExpect(jsonPath("$.events[*].type").value(
                        org.hamcrest.Matchers.contains("started", "transcript", "completed")))
                .andExpect(jsonPath("$.events[2].revision").value("2"))
                .andExpect(jsonPath("$.events[2].data.endReason").value("busy"))
                .andExpect(jsonPath("$.events[1].data.text").value("line 0"))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(get("/api/calls/" + call + "/events?limit=2")).andExpect(jsonPath("$.next").value(1));
        mvc.perform(get("/api/calls/" + call + "/events?after=1")).andExpect(status().isOk())
                .andExpect(jsonPath("$.events[*].sequence").value(org.hamcrest.Matchers.contains(2)));
        mvc.perform(get("/api/calls/unknown_call/events")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:call-log:problem:call-not-found"));
        mvc.perform(get("/api/calls/" + call + "/events?after=-1").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("after"));
    }

    @Test
    void aNewInstanceOfTheServiceContinuesFromACursorTheOldOneHandedOutLosingAndRepeatingNothing() throws Exception {
        String prefix = "restart_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        store(prefix + "a", started(prefix + "a", "c"));
        String[] cursor = new String[1];
        assertThat(ofCalls(follow(null, 50, cursor), prefix)).containsExactly(prefix + "a:0");
        store(prefix + "a", line(prefix + "a", 0));
        store(prefix + "b", started(prefix + "b", "c"));

        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        for (String property : List.of("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "spring.data.mongodb.uri", "spring.data.mongodb.database")) {
            if (environment.getProperty(property) != null) {
                args.add("--" + property + "=" + environment.getProperty(property));
            }
        }
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(CallQueryApplication.class)
                .run(args.toArray(String[]::new))) {
            ChangePage page = restarted.getBean(ChangeFeed.class).page(new ChangeFeed.Request(
                    ChangeCursor.decode(cursor[0]), 1_000, null, null, java.util.EnumSet.noneOf(ChangeType.class)));
            assertThat(ofCalls(page.changes().stream().map(c -> c.callUuid() + ":" + c.sequence()).toList(), prefix))
                    .containsExactly(prefix + "a:1", prefix + "b:0");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the transaction commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
