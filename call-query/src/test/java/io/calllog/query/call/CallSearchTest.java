package io.calllog.query.call;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.projection.DocumentProjection;
import io.calllog.query.projection.ProjectionRun;
import io.calllog.query.projection.ProjectionRuntime;
import io.calllog.testsupport.TestMongo;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transcript search ({@code q}) through the {@code calls} projection and its term index, against a real
 * MongoDB-protocol server: what it finds, with every filter and with cursors, as lines and summaries arrive and change,
 * after a replay and for calls written before the index existed; and that it reads by {@code _id} and ordinal only,
 * never scanning the calls. {@link MirroredCallSearchTest} runs it all again with the embedded default's mirror.
 */
class CallSearchTest {

    static final Instant FIRST = Instant.parse("2026-05-01T08:00:00Z");

    final List<BsonDocument> finds = new CopyOnWriteArrayList<>();
    private MongoTemplate mongo;
    private ProjectionRuntime runtime;
    private CallProjection projection;
    private CallQueryHandlers handlers;
    private ProjectionRun run;
    private final List<ProjectionRun.Stored> history = new ArrayList<>();
    private long globalIndex;

    ProjectionRuntime runtime(MongoTemplate mongo) {
        return new ProjectionRuntime(mongo, List.of());
    }

    CallTerms terms() {
        return new CallTerms();
    }

    /**
     * call_00..call_11 one minute apart in campaign_a (even) and campaign_b (odd); each says "Hello, this is Sarah"
     * then a line of its own; call_03 and call_04 talk about a refund policy, call_05 about a policy of refunds; every
     * third call ended busy.
     */
    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    finds.add(event.getCommand().clone()); // the command is read from a buffer that is reused
                }
            }
        };
        mongo = new MongoTemplate(MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(database.uri())).addCommandListener(listener).build()),
                database.name());
        runtime = runtime(mongo);
        projection = new CallProjection(runtime, terms());
        projection.afterSingletonsInstantiated();
        run = new ProjectionRun(projection);
        List<ProjectionRun.Stored> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String call = "call_%02d".formatted(i);
            Instant at = FIRST.plusSeconds(60L * i);
            batch.add(event(new CallStarted(call, i % 2 == 0 ? "campaign_a" : "campaign_b", "record_" + i,
                    Direction.OUTBOUND, at), call, 0));
            batch.add(event(line(call, 0, "Hello, this is Sarah from Call Camp."), call, 1));
            String own = switch (i) {
                case 3, 4 -> "Let me read you our REFUND policy, it is short.";
                case 5 -> "That policy is about refunds, not a refund policy as such? No.";
                default -> "Nothing to report for call number " + i;
            };
            batch.add(event(line(call, 1, own), call, 2));
            if (i % 3 == 0) {
                batch.add(event(new CallCompleted(call, CallStatus.BUSY, i, BigDecimal.ONE, null, at, EndReason.BUSY),
                        call, 3));
            }
        }
        deliver(batch);
        handlers = new CallQueryHandlers(mongo, runtime);
    }

    private ProjectionRun.Stored event(Object payload, String call, long sequence) {
        return new ProjectionRun.Stored(payload, call, sequence, ++globalIndex);
    }

    private static TranscriptLineAppended line(String call, int seq, String text) {
        return new TranscriptLineAppended(call, seq, seq % 2 == 0 ? SpeakerRole.ASSISTANT : SpeakerRole.USER, text,
                FIRST);
    }

    private void deliver(List<ProjectionRun.Stored> events) {
        history.addAll(events);
        run.deliver(() -> { }, events);
    }

    MongoTemplate mongo() {
        return mongo;
    }

    CallQueryHandlers handlers() {
        return handlers;
    }

    private CallPage search(String q) {
        return search(new CallFilter(null, null, null, null, null, null, null, null, null, null, null, q), 1, 10);
    }

    CallPage search(CallFilter filter, int page, int limit) {
        return handlers.handle(new FindCalls(filter, page, limit));
    }

    static List<String> uuids(CallPage page) {
        return page.calls().stream().map(CallView::uuid).toList();
    }

    @Test
    void findsTheCallsThatHoldEveryWordNewestFirstWithTheirMatches() {
        CallPage found = search("refund POLICY");
        assertThat(uuids(found)).containsExactly("call_05", "call_04", "call_03");
        assertThat(found.total()).isEqualTo(3);
        assertThat(found.next()).isNull();
        CallMatch match = found.calls().get(1).matches().get(0);
        assertThat(match.seq()).isEqualTo(1);
        assertThat(match.role()).isEqualTo("user");
        assertThat(match.highlights().stream().map(h -> match.snippet().substring(h.get(0), h.get(1))))
                .containsExactly("REFUND", "policy");
        assertThat(search("refund banana").calls()).isEmpty();
        assertThat(search("sarah").total()).isEqualTo(12);
    }

    @Test
    void aPhraseMustStandWordAfterWordInOneText() {
        assertThat(uuids(search("\"refund policy\""))).containsExactly("call_05", "call_04", "call_03");
        assertThat(uuids(search("\"policy is about\" refunds"))).containsExactly("call_05");
        assertThat(uuids(search("\"policy refund\""))).isEmpty();
        assertThat(uuids(search("\"sarah refund\""))).isEmpty();
        // each pair of words stands in some line, but not the three words in one
        assertThat(uuids(search("\"this is about\""))).isEmpty();
        assertThat(uuids(search("\"call camp nothing\""))).isEmpty();
        assertThat(uuids(search("\"this is sarah\""))).hasSize(10);
    }

    @Test
    void combinesWithEveryFilterAndWithCursors() {
        CallFilter inA = new CallFilter("campaign_a", null, null, null, null, null, null, null, null, null, null,
                "sarah");
        assertThat(search(inA, 1, 10).total()).isEqualTo(6);
        CallFilter busyLong = new CallFilter(null, "busy", null, null, null, "outbound", "busy", 3L, 9L,
                BigDecimal.ONE, BigDecimal.ONE, "sarah");
        assertThat(uuids(search(busyLong, 1, 10))).containsExactly("call_09", "call_06", "call_03");
        CallFilter early = new CallFilter(null, null, "record_4", FIRST, FIRST.plusSeconds(300), null, null, null,
                null, null, null, "refund");
        assertThat(uuids(search(early, 1, 10))).containsExactly("call_04");

        CallFilter everyone = new CallFilter(null, null, null, null, null, null, null, null, null, null, null, "hello");
        List<String> walked = new ArrayList<>();
        CallPage page = search(everyone, 1, 5);
        walked.addAll(uuids(page));
        assertThat(page.total()).isEqualTo(12);
        while (page.next() != null) {
            page = handlers.handle(new FindCalls(everyone, 1, 5, CallCursor.decode(page.next())));
            walked.addAll(uuids(page));
        }
        assertThat(walked).hasSize(12).doesNotHaveDuplicates().first().isEqualTo("call_11");
        assertThat(uuids(search(everyone, 3, 5))).containsExactly("call_01", "call_00");
    }

    @Test
    void lateLinesAndNewSummariesAreFoundAndAReplacedSummaryNoLongerIs() {
        deliver(List.of(event(line("call_00", 7, "A late line about pineapples."), "call_00", 4)));
        assertThat(uuids(search("pineapples"))).containsExactly("call_00");
        deliver(List.of(event(new CallSummarized("call_01", "Asked for a brochure."), "call_01", 3)));
        assertThat(uuids(search("brochure"))).containsExactly("call_01");
        assertThat(search("brochure").calls().get(0).matches()).singleElement()
                .satisfies(match -> assertThat(match.role()).isEqualTo("summary"));
        deliver(List.of(event(new CallSummarized("call_01", "Asked for a catalogue."), "call_01", 4)));
        assertThat(uuids(search("brochure"))).isEmpty();
        assertThat(uuids(search("catalogue"))).containsExactly("call_01");
    }

    @Test
    void aBatchDeliveredAgainChangesNothingAndAReplayRebuildsTheIndex() throws Exception {
        long postings = mongo.getCollection(CallTerms.COLLECTION).countDocuments();
        run.deliver(() -> { }, history);
        assertThat(mongo.getCollection(CallTerms.COLLECTION).countDocuments()).isEqualTo(postings);
        assertThat(uuids(search("refund policy"))).containsExactly("call_05", "call_04", "call_03");

        Method reset = DocumentProjection.class.getDeclaredMethod("dropDocuments");
        reset.setAccessible(true);
        reset.invoke(projection);
        assertThat(search("sarah").total()).isZero();
        run.deliver(() -> { }, history);
        assertThat(uuids(search("refund policy"))).containsExactly("call_05", "call_04", "call_03");
        assertThat(search("sarah").total()).isEqualTo(12);
    }

    @Test
    void callsWrittenBeforeTheIndexExistedAreIndexedAtStart() {
        mongo.dropCollection(CallTerms.COLLECTION);
        mongo.getCollection(CallDocument.COLLECTION).updateMany(new Document(),
                new Document("$unset", new Document(DocumentProjection.ORDINAL_FIELD, "")));
        assertThat(search("sarah").total()).isZero();
        new CallProjection(runtime, terms()).afterSingletonsInstantiated();
        assertThat(search("sarah").total()).isEqualTo(12);
        assertThat(uuids(search("refund policy"))).containsExactly("call_05", "call_04", "call_03");
    }

    @Test
    void moreCallsThanOneChunkWrittenBeforeTheIndexAreAllIndexedAtStart() {
        List<ProjectionRun.Stored> batch = new ArrayList<>();
        for (int i = 0; i < 2_100; i++) {
            String call = "old_%04d".formatted(i);
            batch.add(event(new CallStarted(call, "campaign_old", "record_" + i, Direction.INBOUND,
                    FIRST.plusSeconds(i)), call, 0));
            batch.add(event(line(call, 0, "An old call"), call, 1));
        }
        deliver(batch);
        mongo.dropCollection(CallTerms.COLLECTION);
        mongo.getCollection(CallDocument.COLLECTION).updateMany(new Document(),
                new Document("$unset", new Document(DocumentProjection.ORDINAL_FIELD, "")));

        new CallProjection(runtime, terms()).afterSingletonsInstantiated();
        assertThat(search(new CallFilter("campaign_old", null, null, null, null, null, null, null, null, null, null,
                "old"), 1, 10).total()).isEqualTo(2_100);
        assertThat(search("sarah").total()).isEqualTo(12);
    }

    @Test
    void anIndexBuiltByAnEarlierVersionOfTheTermsIsBuiltAgainAtStart() {
        // as version 1 wrote it: words and filter values, without the term every call holds, and
        // no version recorded
        mongo.getCollection(CallTerms.COLLECTION).deleteMany(new Document("$or", List.of(
                new Document("_id", "#version"), new Document("_id", java.util.regex.Pattern.compile("^\\*\\|| ")))));
        assertThat(mongo.getCollection(CallTerms.COLLECTION).find(new Document("_id", "*|0")).first()).isNull();

        new CallProjection(runtime, terms()).afterSingletonsInstantiated();
        assertThat(mongo.getCollection(CallTerms.COLLECTION).find(new Document("_id", "*|0")).first()).isNotNull();
        assertThat(uuids(search("\"refund policy\""))).containsExactly("call_05", "call_04", "call_03");
        assertThat(search("sarah").total()).isEqualTo(12);
        assertThat(mongo.getCollection(CallDocument.COLLECTION).distinct(DocumentProjection.ORDINAL_FIELD, Long.class)
                .into(new ArrayList<>())).hasSize(12);
        long postings = mongo.getCollection(CallTerms.COLLECTION).countDocuments();
        new CallProjection(runtime, terms()).afterSingletonsInstantiated();
        assertThat(mongo.getCollection(CallTerms.COLLECTION).countDocuments()).as("built once").isEqualTo(postings);
    }

    @Test
    void anIndexOfPairsOfWordsIsBuiltAgainWithPositionsAtStart() {
        // as version 3 (pairs of words, a switch now gone) wrote it: words as bare offsets, a pair as a term
        mongo.getCollection(CallTerms.COLLECTION).updateOne(new Document("_id", "#version"),
                new Document("$set", new Document("v", 3)));
        mongo.getCollection(CallTerms.COLLECTION).insertOne(new Document("_id", "refund policy|0")
                .append("o", List.of(3, 4, 5)));

        new CallProjection(runtime, terms()).afterSingletonsInstantiated();
        assertThat(mongo.getCollection(CallTerms.COLLECTION).find(new Document("_id", "refund policy|0")).first())
                .isNull();
        assertThat(mongo.getCollection(CallTerms.COLLECTION).find(new Document("_id", "refund|0")).first()
                .getList("o", Object.class)).hasSize(3).allSatisfy(entry -> assertThat(entry).isInstanceOf(String.class));
        assertThat(uuids(search("\"refund policy\""))).containsExactly("call_05", "call_04", "call_03");
    }

    @Test
    void aPhraseIsFoundWordAfterWordWithoutCaseAccentsOrPunctuationBetweenAndNeverAcrossTwoTexts() {
        Instant at = FIRST.plusSeconds(3_600);
        deliver(List.of(event(new CallStarted("call_p", "campaign_p", "record_p", Direction.INBOUND, at), "call_p", 0),
                event(line("call_p", 0, "So, the REFUND -- policy!"), "call_p", 1),
                event(line("call_p", 1, "Le remboursement Ça marche, Müller's ﬁle"), "call_p", 2),
                event(line("call_p", 2, "call call call back"), "call_p", 3),
                event(new CallSummarized("call_p", "Back soon"), "call_p", 4)));
        CallFilter inP = new CallFilter("campaign_p", null, null, null, null, null, null, null, null, null, null, null);
        java.util.function.Function<String, List<String>> found = q -> uuids(search(new CallFilter("campaign_p",
                null, null, null, null, null, null, null, null, null, null, q), 1, 10));
        assertThat(uuids(search(inP, 1, 10))).containsExactly("call_p");
        for (String q : List.of("\"the refund policy\"", "\"ca marche\"", "\"s file\"", "\"call call back\"",
                "\"CALL call call back\"", "\"back soon\"", "\"müller s\" \"so the\"")) {
            assertThat(found.apply(q)).as(q).containsExactly("call_p");
        }
        for (String q : List.of("\"call call call call\"", "\"refund the policy\"", "\"policy le\"",
                "\"back back\"", "\"file call\"", "\"the refund\" \"refund the\"")) {
            assertThat(found.apply(q)).as(q).isEmpty();
        }
    }

    @Test
    void aLateLineThatMovesTheOthersKeepsEveryPhraseWhereItStandsAndOneEntryPerCall() {
        Instant at = FIRST.plusSeconds(3_600);
        deliver(List.of(event(new CallStarted("call_q", "campaign_q", "record_q", Direction.INBOUND, at), "call_q", 0),
                event(line("call_q", 1, "Hello, this is Sarah."), "call_q", 1),
                event(line("call_q", 2, "This is about a refund policy."), "call_q", 2)));
        assertThat(uuids(search("\"refund policy\""))).containsExactly("call_q", "call_05", "call_04", "call_03");
        // line 0 comes last: every word of the two others moves
        deliver(List.of(event(line("call_q", 0, "Good morning, is this about my policy"), "call_q", 3)));
        assertThat(uuids(search("\"refund policy\""))).containsExactly("call_q", "call_05", "call_04", "call_03");
        assertThat(search("\"this is sarah\"").total()).isEqualTo(13);
        assertThat(uuids(search("\"is this about\""))).containsExactly("call_q");
        assertThat(uuids(search("\"policy hello\""))).isEmpty();
        assertThat(uuids(search("\"sarah this\""))).isEmpty();
        for (String word : List.of("this", "sarah", "policy")) {
            long calls = search(word).total();
            assertThat(mongo.getCollection(CallTerms.COLLECTION).find(new Document("_id", word + "|0")).first()
                    .getList("o", Object.class)).as("one entry per call saying %s", word).hasSize((int) calls);
        }
    }

    @Test
    void theNewestPagesAreRightWhenCallsStartedOutOfTheOrderTheyWereWritten() {
        // 2,500 calls over three blocks of ordinals: the second block's calls started before the first's, and every
        // 97th call started after all the others, so the newest are spread over every block
        List<ProjectionRun.Stored> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        java.util.Map<String, Instant> started = new java.util.HashMap<>();
        for (int i = 0; i < 2_500; i++) {
            String call = "many_%04d".formatted(i);
            Instant at = i % 97 == 0 ? FIRST.plusSeconds(100_000L + i)
                    : i >= 1_024 && i < 2_048 ? FIRST.minusSeconds(10_000L - i) : FIRST.plusSeconds(i);
            started.put(call, at);
            batch.add(event(new CallStarted(call, "campaign_many", "record_" + i, Direction.INBOUND, at), call, 0));
            batch.add(event(line(call, 0, "Many calls say " + (i % 2 == 0 ? "even" : "odd") + " things"), call, 1));
            if (i % 2 == 0) {
                expected.add(call);
            }
        }
        deliver(batch);
        expected.sort(java.util.Comparator.comparing((String call) -> started.get(call)).reversed()
                .thenComparing(call -> call));
        CallFilter even = new CallFilter("campaign_many", null, null, null, null, null, null, null, null, null, null,
                "EVEN things");
        for (int page : List.of(1, 2, 7, 125, 126)) {
            CallPage found = search(even, page, 10);
            assertThat(found.total()).isEqualTo(1_250);
            assertThat(uuids(found)).as("page %d", page).isEqualTo(
                    expected.subList(Math.min(1_250, (page - 1) * 10), Math.min(1_250, page * 10)));
        }
        List<String> walked = new ArrayList<>();
        CallPage page = search(even, 1, 100);
        walked.addAll(uuids(page));
        while (page.next() != null) {
            page = handlers.handle(new FindCalls(even, 1, 100, CallCursor.decode(page.next())));
            assertThat(page.page()).isEqualTo(walked.size() / 100 + 1);
            assertThat(page.total()).isEqualTo(1_250);
            walked.addAll(uuids(page));
        }
        assertThat(walked).as("every call once, in order, by cursor").isEqualTo(expected);
        CallFilter inCampaign = new CallFilter("campaign_many", null, null, null, null, null, null, null, null, null,
                null, null);
        assertThat(uuids(search(inCampaign, 1, 3))).containsExactly("many_2425", "many_2328", "many_2231");
        CallPage second = handlers.handle(new FindCalls(inCampaign, 1, 3,
                CallCursor.decode(search(inCampaign, 1, 3).next())));
        assertThat(second.page()).isEqualTo(2);
        assertThat(second.total()).isEqualTo(2_500);
        assertThat(uuids(second)).containsExactly("many_2134", "many_2037", "many_1940");
    }

    @Test
    void aSearchReadsByIdAndOrdinalOnlyNeverScanningTheCalls() {
        finds.clear();
        CallFilter filter = new CallFilter("campaign_a", null, null, FIRST, null, null, null, null, null, null, null,
                "\"refund policy\" sarah");
        assertThat(uuids(search(filter, 1, 10))).containsExactly("call_04");
        assertReadByIdAndOrdinalOnly();
    }

    void assertReadByIdAndOrdinalOnly() {
        assertThat(finds).isNotEmpty().allSatisfy(find -> {
            BsonDocument query = find.getDocument("filter", new BsonDocument());
            assertThat(query.keySet()).as("filter of %s", find).containsAnyOf("_id", DocumentProjection.ORDINAL_FIELD)
                    .hasSize(1);
        });
    }
}
