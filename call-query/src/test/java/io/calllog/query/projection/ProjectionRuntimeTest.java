package io.calllog.query.projection;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.testsupport.TestMongo;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexDefinition;
import org.springframework.data.domain.Sort;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection runtime's guarantees, once, against a real MongoDB-protocol server, on two small projections made
 * the way every projection is made (one class each): a batch is written after its last event and before its token is
 * stored, one bulk write per collection, whatever that last event is; an event or a batch delivered again changes
 * nothing (documents and counters); a failed write fails the batch; a unit of work of one event (a dead letter handled
 * again) is written at once; a handler outside a unit of work is refused; an event that cannot be handled is
 * dead-lettered with the later events of its call, while other calls go on; mirrors follow their documents and are
 * filled when empty; a reset drops what the projection wrote.
 */
class ProjectionRuntimeTest {

    private static final Instant AT = Instant.parse("2026-04-20T15:00:00Z");
    private static final String TALLIES = "tallies";
    private static final String LINES = "lines_per_campaign";

    /** One document per call: its campaign, its lines in the order handled, and a label that must be unique. */
    record Tally(@Id String call, String campaign, String label, List<String> lines) {
        Tally with(String line) {
            List<String> more = new ArrayList<>(lines);
            more.add(line);
            return new Tally(call, campaign, label, more);
        }
    }

    static final class Tallies extends DocumentProjection<Tally> {
        Tallies(ProjectionRuntime runtime) {
            super(runtime, TALLIES, Tally.class);
        }

        @Override
        protected List<IndexDefinition> indexes() {
            return List.of(new Index().on("label", Sort.Direction.ASC).unique());
        }

        @EventHandler
        void on(CallStarted event) {
            change(event.callUuid(), t -> t == null ? new Tally(event.callUuid(), event.campaignUuid(),
                    event.recordUuid(), List.of()) : t);
        }

        @EventHandler
        void on(TranscriptLineAppended event) {
            if (event.text().equals("unreadable")) {
                throw new IllegalArgumentException("this line cannot be handled");
            }
            change(event.callUuid(), t -> t == null ? null : t.with(event.text()));
        }
    }

    static final class LinesPerCampaign extends CounterProjection {
        LinesPerCampaign(ProjectionRuntime runtime) {
            super(runtime, LINES, "campaignUuid");
        }

        @EventHandler
        void on(CallStarted event) {
            count(event.campaignUuid(), counters -> counters.add("calls", 1));
        }

        @EventHandler
        void on(TranscriptLineAppended event) {
            countUnderKeyOfCall(counters -> counters.add("lines." + event.role(), 1).add("cost", new BigDecimal("0.25")));
        }
    }

    /** The campaigns of the tallies, as a mirror would keep them for a scanning server. */
    static final class CampaignsOfTallies implements DocumentMirror {
        @Override
        public String source() {
            return TALLIES;
        }

        @Override
        public String collection() {
            return "tally_campaigns";
        }

        @Override
        public Document entryOf(Document document) {
            return new Document("_id", document.get("_id")).append("campaign", document.get("campaign"))
                    .append("lines", document.getList("lines", String.class).size());
        }
    }

    private MongoTemplate mongo;
    private ProjectionRuntime runtime;
    private Tallies tallies;
    private LinesPerCampaign linesPerCampaign;
    /** The write commands sent to the server, by collection. */
    private final List<String> writes = new CopyOnWriteArrayList<>();
    /** The keys each lookup of {@code tallies} by {@code _id} named. */
    private final List<Integer> keysPerLookup = new CopyOnWriteArrayList<>();
    private long globalIndex;
    private final java.util.Map<String, Long> sequences = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (List.of("insert", "update").contains(event.getCommandName())) {
                    writes.add(event.getCommand().getString(event.getCommandName()).getValue());
                }
                if (event.getCommandName().equals("find")
                        && event.getCommand().getString("find").getValue().equals(TALLIES)
                        && event.getCommand().getDocument("filter").get("_id") instanceof BsonDocument id
                        && id.containsKey("$in")) {
                    keysPerLookup.add(id.getArray("$in").size());
                }
            }
        };
        mongo = new MongoTemplate(MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(database.uri())).addCommandListener(listener).build()),
                database.name());
        runtime = new ProjectionRuntime(mongo, List.of(new CampaignsOfTallies()));
        tallies = new Tallies(runtime);
        tallies.afterSingletonsInstantiated();
        linesPerCampaign = new LinesPerCampaign(runtime);
    }

    private ProjectionRun.Stored started(String call, String campaign) {
        return stored(call, new CallStarted(call, campaign, "label_" + call, Direction.OUTBOUND, AT));
    }

    private ProjectionRun.Stored line(String call, String text) {
        return stored(call, new TranscriptLineAppended(call, sequences.getOrDefault(call, 0L).intValue(),
                SpeakerRole.USER, text, AT));
    }

    /** The call's next event, with the next global index. */
    private ProjectionRun.Stored stored(String call, Object event) {
        long sequence = sequences.merge(call, 1L, Long::sum) - 1;
        return new ProjectionRun.Stored(event, call, sequence, ++globalIndex);
    }

    private Tally tally(String call) {
        return mongo.findById(call, Tally.class, TALLIES);
    }

    private Document counters(String campaign) {
        return mongo.getCollection(LINES).find(new Document("_id", campaign)).first();
    }

    @Test
    void aBatchIsWrittenAfterItsLastEventAndBeforeItsTokenIsStoredOneBulkWritePerCollection() {
        List<List<String>> atTheToken = new ArrayList<>();
        new ProjectionRun(tallies).deliver(() -> atTheToken.add(List.copyOf(writes)),
                List.of(started("a", "c1"), line("a", "hello"), started("b", "c1"), line("a", "again"),
                        line("b", "hi")));
        assertThat(atTheToken).singleElement().isEqualTo(List.of("tally_campaigns", TALLIES));
        assertThat(tally("a").lines()).containsExactly("hello", "again");
        assertThat(tally("b").lines()).containsExactly("hi");
        assertThat(mongo.getCollection(TALLIES).find(new Document("_id", "a")).first().getLong(
                DocumentProjection.SEQUENCE_FIELD)).as("the guard the runtime keeps beside the record").isEqualTo(2);
    }

    @Test
    void aBatchOfManyDocumentsReadsThemAHundredKeysALookup() {
        List<ProjectionRun.Stored> starts = new ArrayList<>();
        List<ProjectionRun.Stored> lines = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            starts.add(started("call_" + i, "c1"));
            lines.add(line("call_" + i, "line of " + i));
        }
        new ProjectionRun(tallies).deliver(() -> { }, starts);
        new ProjectionRun(tallies).deliver(() -> { }, lines);
        assertThat(keysPerLookup).as("the second batch reads the 250 documents it changes")
                .contains(ProjectionRuntime.IN_CHUNK).allMatch(keys -> keys <= ProjectionRuntime.IN_CHUNK);
        for (int i = 0; i < 250; i++) {
            assertThat(tally("call_" + i).lines()).containsExactly("line of " + i);
        }
    }

    @Test
    void aBatchEndingWithAnEventTheProjectionDoesNotHandleIsWrittenAllTheSame() {
        List<Tally> atTheToken = new ArrayList<>();
        new ProjectionRun(tallies).deliver(() -> atTheToken.add(tally("a")),
                List.of(started("a", "c1"), stored("a", new CallSummarized("a", "not handled here"))));
        assertThat(atTheToken).singleElement().isNotNull();
    }

    @Test
    void eventsAndBatchesDeliveredAgainChangeNoDocument() {
        ProjectionRun run = new ProjectionRun(tallies);
        List<ProjectionRun.Stored> batch = List.of(started("a", "c1"), line("a", "one"), line("a", "two"));
        run.deliver(() -> { }, batch);
        run.deliver(() -> { }, batch);
        run.deliverOneByOne(batch);
        run.deliver(line("a", "three"));
        run.deliver(batch.get(2));
        assertThat(tally("a").lines()).containsExactly("one", "two", "three");
    }

    @Test
    void eventsAndBatchesDeliveredAgainCountNothingTwice() {
        ProjectionRun run = new ProjectionRun(linesPerCampaign);
        List<ProjectionRun.Stored> first = List.of(started("a", "c1"), line("a", "one"), started("b", "c1"));
        List<ProjectionRun.Stored> second = List.of(line("b", "x"), line("a", "two"), started("c", "c2"),
                line("c", "y"), line("unknown", "a call never counted is not counted"));
        run.deliver(() -> { }, first);
        run.deliver(() -> { }, second);
        run.deliver(() -> { }, first);
        run.deliverOneByOne(second);

        Document c1 = counters("c1");
        assertThat(c1.getLong("calls")).isEqualTo(2L);
        assertThat(c1.get("lines", Document.class).getLong("user")).isEqualTo(3L);
        assertThat(c1.get("cost", org.bson.types.Decimal128.class).bigDecimalValue()).isEqualByComparingTo("0.75");
        assertThat(counters("c2").get("lines", Document.class).getLong("user")).isEqualTo(1L);
        assertThat(mongo.getCollection(LINES).countDocuments()).isEqualTo(2);
    }

    @Test
    void aFailedWriteFailsTheBatchSoThatItsTokenIsNotStored() {
        ProjectionRun run = new ProjectionRun(tallies);
        run.deliver(started("a", "c1"));
        mongo.getCollection(TALLIES).insertOne(new Document("_id", "elsewhere").append("label", "label_b")
                .append(DocumentProjection.SEQUENCE_FIELD, 0L).append("lines", List.of()));
        List<Tally> atTheToken = new ArrayList<>();
        assertThatThrownBy(() -> run.deliver(() -> atTheToken.add(tally("a")),
                List.of(line("a", "kept back"), started("b", "c1"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("the batch failed");
        assertThat(atTheToken).as("the unit of work did not reach the point where the token is stored").isEmpty();
    }

    @Test
    void aUnitOfWorkOfOneEventOutsideABatchAsADeadLetterRetryHasIsWrittenAtOnce() {
        ProjectionRun.Stored start = started("a", "c1");
        DefaultUnitOfWork<?> retry = DefaultUnitOfWork.startAndGet(start.message());
        tallies.on((CallStarted) start.payload());
        assertThat(tally("a")).as("written by the handling itself, so that a failed write fails the letter")
                .isNotNull();
        retry.commit();
    }

    @Test
    void aHandlerOutsideAProcessorsUnitOfWorkIsRefusedNotLeftUnwritten() {
        assertThatThrownBy(() -> tallies.on(new CallStarted("a", "c", "r", Direction.OUTBOUND, AT)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(tally("a")).isNull();
    }

    @Test
    void anEventOfAnotherCallThanItsDocumentsKeyIsRefused() {
        ProjectionRun.Stored start = started("a", "c1");
        DefaultUnitOfWork.startAndGet(start.message());
        try {
            assertThatThrownBy(() -> tallies.on(new CallStarted("b", "c", "r", Direction.OUTBOUND, AT)))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            org.axonframework.messaging.unitofwork.CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void anEventThatCannotBeHandledIsDeadLetteredWithTheLaterEventsOfItsCallWhileOtherCallsGoOn() throws Exception {
        var queue = MongoSequencedDeadLetterQueue.<org.axonframework.eventhandling.EventMessage<?>>builder()
                .processingGroup("tallies")
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongo.getDb()).build())
                .serializer(JacksonSerializer.defaultSerializer())
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
        DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(tallies)
                .queue(queue)
                .enqueuePolicy(new DeadLetterPolicy())
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
        ProjectionRun run = new ProjectionRun(event -> invoker.handle(event, Segment.ROOT_SEGMENT));

        run.deliver(() -> { }, List.of(started("bad", "c1"), started("good", "c1"), line("bad", "unreadable"),
                line("good", "fine"), line("bad", "after the bad one"), line("good", "still fine")));

        assertThat(tally("good").lines()).containsExactly("fine", "still fine");
        assertThat(tally("bad").lines()).as("held back behind its dead letter, in order").isEmpty();
        assertThat(queue.amountOfSequences()).isOne();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void aMirrorFollowsItsDocumentsAndIsWrittenBeforeThem() {
        ProjectionRun run = new ProjectionRun(tallies);
        List<Document> entryAtTheToken = new ArrayList<>();
        ProjectionRun.Stored start = started("a", "c1");
        run.deliver(() -> entryAtTheToken.add(mongo.getCollection("tally_campaigns").find().first()),
                List.of(start, line("a", "one")));
        assertThat(entryAtTheToken).singleElement()
                .isEqualTo(new Document("_id", "a").append("campaign", "c1").append("lines", 1));
        writes.clear();
        run.deliver(start);
        assertThat(writes).as("a redelivered event changes no entry and no document").isEmpty();
        run.deliver(started("a", "c1"));
        assertThat(writes).as("nor does an event that leaves the document as it is").isEmpty();
        run.deliver(line("a", "two"));
        assertThat(writes).containsExactly("tally_campaigns", TALLIES);
        assertThat(mongo.getCollection("tally_campaigns").find().first().getInteger("lines")).isEqualTo(2);
        assertThat(runtime.searchedCollection(TALLIES)).isEqualTo("tally_campaigns");
        assertThat(runtime.searchedCollection("other")).isEqualTo("other");
    }

    @Test
    void anEmptyMirrorOfStoredDocumentsIsFilledAtStart() {
        new ProjectionRun(tallies).deliver(() -> { }, List.of(started("a", "c1"), started("b", "c2")));
        mongo.dropCollection("tally_campaigns");
        runtime.afterSingletonsInstantiated();
        assertThat(mongo.getCollection("tally_campaigns").find(new Document("_id", "b")).first())
                .isEqualTo(new Document("_id", "b").append("campaign", "c2").append("lines", 0));
    }

    @Test
    void aMirrorWrittenWithOtherFieldsIsWrittenAgainAtStart() {
        new ProjectionRun(tallies).deliver(() -> { }, List.of(started("a", "c1"), started("b", "c2")));
        // as a release that mirrored fewer fields left it
        mongo.getCollection("tally_campaigns").updateMany(new Document(), new Document("$unset",
                new Document("lines", "")));
        runtime.afterSingletonsInstantiated();
        assertThat(mongo.getCollection("tally_campaigns").find(new Document("_id", "a")).first())
                .isEqualTo(new Document("_id", "a").append("campaign", "c1").append("lines", 0));
        assertThat(mongo.getCollection("tally_campaigns").countDocuments()).isEqualTo(2);
    }

    @Test
    void aResetDropsWhatTheProjectionWroteAndKeepsItsIndexes() {
        new ProjectionRun(tallies).deliver(started("a", "c1"));
        new ProjectionRun(linesPerCampaign).deliver(started("b", "c1"));
        tallies.dropDocuments();
        linesPerCampaign.dropCounters();
        assertThat(mongo.getCollectionNames()).doesNotContain("tally_campaigns", LINES, LINES + "_calls");
        assertThat(mongo.getCollection(TALLIES).countDocuments()).isZero();
        assertThat(mongo.indexOps(TALLIES).getIndexInfo()).anySatisfy(index -> assertThat(index.isUnique()).isTrue());
    }
}
