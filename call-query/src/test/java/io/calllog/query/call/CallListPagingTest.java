package io.calllog.query.call;

import com.mongodb.client.MongoClients;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.query.projection.ProjectionRun;
import io.calllog.query.projection.ProjectionRuntime;
import io.calllog.testsupport.TestMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list takes one of two ways: a single pass when the filter matches at most the single-pass size, or a page and a
 * count apart. With a single-pass size of 10 over 25 calls, both ways give the same totals and pages, whether the
 * filter searches {@code calls} itself (MongoDB) or a mirror of it ({@link MirroredCallListPagingTest}).
 */
class CallListPagingTest {

    private static final Instant FIRST = Instant.parse("2026-05-01T08:00:00Z");

    private CallQueryHandlers handlers;
    private MongoTemplate mongo;
    private ProjectionRun run;
    private long globalIndex;

    /** call_00..call_24, one minute apart (call_24 newest); every third one busy, the others in progress. */
    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        mongo = new MongoTemplate(MongoClients.create(database.uri()), database.name());
        ProjectionRuntime runtime = runtime(mongo);
        run = new ProjectionRun(new CallProjection(runtime, new CallTerms()));
        for (int i = 0; i < 25; i++) {
            String call = "call_%02d".formatted(i);
            Instant at = FIRST.plusSeconds(60L * i);
            run.deliver(new ProjectionRun.Stored(new CallStarted(call, "campaign_1", "record_" + i, Direction.INBOUND, at), call, 0, ++globalIndex));
            if (i % 3 == 0) {
                run.deliver(new ProjectionRun.Stored(new CallCompleted(call, CallStatus.BUSY, 0, BigDecimal.ZERO, null, at, EndReason.BUSY), call, 1, ++globalIndex));
            }
        }
        handlers = new CallQueryHandlers(mongo, runtime, 10);
    }

    MongoTemplate mongo() {
        return mongo;
    }

    /** The runtime of the read model: here without mirrors, so lists search {@code calls} itself (as on MongoDB). */
    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of());
    }

    private CallPage list(CallFilter filter, int page, int limit) {
        return handlers.handle(new FindCalls(filter, page, limit));
    }

    private static List<String> uuids(CallPage page) {
        return page.calls().stream().map(CallView::uuid).toList();
    }

    private static List<String> newestFirst(int from, int to) {
        return IntStream.iterate(to, i -> i >= from, i -> i - 1).mapToObj("call_%02d"::formatted).toList();
    }

    @Test
    void aFilterMatchingMoreThanASinglePassIsCountedApart() {
        CallPage first = list(CallFilter.ANY, 1, 5);
        assertThat(first.total()).isEqualTo(25);
        assertThat(uuids(first)).isEqualTo(newestFirst(20, 24));
    }

    @Test
    void aPageBeyondTheSinglePassIsReadAndCountedApart() {
        CallPage third = list(CallFilter.ANY, 3, 10);
        assertThat(third.total()).isEqualTo(25);
        assertThat(uuids(third)).isEqualTo(newestFirst(0, 4));
        assertThat(list(CallFilter.ANY, 4, 10).calls()).isEmpty();
    }

    @Test
    void aFilterMatchingNoMoreThanASinglePassIsCountedFromThatPass() {
        CallFilter busy = new CallFilter("campaign_1", "busy", null, null, null);
        CallPage second = list(busy, 2, 4);
        assertThat(second.total()).isEqualTo(9);
        assertThat(uuids(second)).containsExactly("call_12", "call_09", "call_06", "call_03");
        assertThat(uuids(list(busy, 3, 4))).containsExactly("call_00");
        assertThat(list(busy, 4, 4).calls()).isEmpty();
    }

    @Test
    void theNewerFiltersSelectTheSameCallsWhereverTheListSearches() {
        CallFilter busyAndFree = new CallFilter(null, null, null, null, null, "inbound", "busy", 0L, 0L,
                BigDecimal.ZERO, new BigDecimal("0.00"), null);
        assertThat(uuids(list(busyAndFree, 1, 10))).containsExactly("call_24", "call_21", "call_18", "call_15",
                "call_12", "call_09", "call_06", "call_03", "call_00");
        CallFilter outbound = new CallFilter(null, null, null, null, null, "outbound", null, null, null, null, null, null);
        assertThat(list(outbound, 1, 10).total()).isZero();
        CallFilter costly = new CallFilter(null, null, null, null, null, null, null, null, null, new BigDecimal("0.01"),
                null, null);
        assertThat(list(costly, 1, 10).total()).isZero();
    }

    @Test
    void listedCallsCarryTheirWholeDocument() {
        CallView newest = list(CallFilter.ANY, 1, 1).calls().get(0);
        assertThat(newest.uuid()).isEqualTo("call_24");
        assertThat(newest.status()).isEqualTo("busy");
        assertThat(newest.direction()).isEqualTo("inbound");
        assertThat(newest.recordUuid()).isEqualTo("record_24");
    }

    private void start(String call, Instant at) {
        run.deliver(new ProjectionRun.Stored(new CallStarted(call, "campaign_1", "record_x", Direction.OUTBOUND, at),
                call, 0, ++globalIndex));
    }

    /** Follows {@code next} from the first page to the last, calling {@code between} between two pages. */
    private List<String> follow(CallFilter filter, int limit, Runnable between) {
        List<String> seen = new ArrayList<>();
        CallPage page = list(filter, 1, limit);
        while (true) {
            seen.addAll(uuids(page));
            if (page.next() == null) {
                return seen;
            }
            between.run();
            page = handlers.handle(new FindCalls(filter, 1, limit, CallCursor.decode(page.next())));
        }
    }

    @Test
    void followingNextFromTheFirstPageListsEveryCallOnceInOrderAndTheLastPageHasNone() {
        assertThat(follow(CallFilter.ANY, 4, () -> { })).isEqualTo(newestFirst(0, 24));
        CallFilter busy = new CallFilter("campaign_1", "busy", null, null, null);
        assertThat(follow(busy, 4, () -> { }))
                .containsExactly("call_24", "call_21", "call_18", "call_15", "call_12", "call_09", "call_06",
                        "call_03", "call_00");
        assertThat(list(CallFilter.ANY, 3, 10).next()).isNull();
        assertThat(list(CallFilter.ANY, 2, 10).next()).isNotNull();
    }

    @Test
    void aPageAfterACursorCountsAndNumbersItselfAsThePageByNumberWould() {
        CallPage first = list(CallFilter.ANY, 1, 10);
        CallPage second = handlers.handle(new FindCalls(CallFilter.ANY, 1, 10, CallCursor.decode(first.next())));
        assertThat(uuids(second)).isEqualTo(uuids(list(CallFilter.ANY, 2, 10)));
        assertThat(second.page()).isEqualTo(2);
        assertThat(second.total()).isEqualTo(25);
    }

    @Test
    void whileAWriterAddsNewerAndOlderCallsACursorWalkListsNoCallTwiceAndSkipsNone() {
        List<String> older = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        int[] pages = {0};
        List<String> seen = follow(CallFilter.ANY, 3, () -> {
            int n = pages[0]++;
            // a call newer than every listed one (already behind the walk), and one older than every one (ahead)
            String newest = "new_%02d".formatted(n);
            start(newest, FIRST.plusSeconds(3_600L + n));
            newer.add(newest);
            String oldest = "old_%02d".formatted(n);
            start(oldest, FIRST.minusSeconds(3_600L + n));
            older.add(oldest);
            // and one created in the same millisecond as an original call, on either side of it by uuid
            start("call_%02d_twin".formatted(n), FIRST.plusSeconds(60L * n));
        });
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(newestFirst(0, 24)).containsAll(older).doesNotContainAnyElementsOf(newer);
        // the twins of calls not yet listed when they were added are listed too, each once
        assertThat(seen).filteredOn(uuid -> uuid.endsWith("_twin")).isNotEmpty();
    }
}
