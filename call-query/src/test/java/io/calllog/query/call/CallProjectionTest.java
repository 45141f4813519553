package io.calllog.query.call;

import com.mongodb.client.MongoClients;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls projection's handlers against a real MongoDB-protocol server: out-of-order transcript lines, and events
 * delivered again (as after a crash between writing the read model and storing the token) changing nothing.
 */
class CallProjectionTest {

    private static final Instant STARTED_AT = Instant.parse("2026-04-20T15:00:00Z");

    private MongoTemplate mongo;
    private CallProjection projection;
    private ProjectionRun run;
    private long globalIndex;
    private String call;

    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        mongo = new MongoTemplate(MongoClients.create(database.uri()), database.name());
        projection = new CallProjection(new ProjectionRuntime(mongo, java.util.List.of()), new CallTerms());
        run = new ProjectionRun(projection);
        call = "call_" + UUID.randomUUID();
    }

    /** The event, stored as the call's event number {@code sequence}, with the next global index. */
    private ProjectionRun.Stored stored(Object event, long sequence) {
        return new ProjectionRun.Stored(event, call, sequence, ++globalIndex);
    }

    /** The event as a batch of its own. */
    private void deliver(Object event, long sequence) {
        run.deliver(stored(event, sequence));
    }

    private CallDocument document() {
        return mongo.findById(call, CallDocument.class);
    }

    /** The runtime's guard beside the document: the call's event number of the last event applied. */
    private long lastSequence() {
        return mongo.getCollection(CallDocument.COLLECTION).find(new org.bson.Document("_id", call)).first()
                .getLong(DocumentProjection.SEQUENCE_FIELD);
    }

    private void start() {
        deliver(new CallStarted(call, "campaign_1", "record_1", Direction.OUTBOUND, STARTED_AT), 0);
    }

    private TranscriptLineAppended line(int seq, String text) {
        return new TranscriptLineAppended(call, seq, seq % 2 == 0 ? SpeakerRole.ASSISTANT : SpeakerRole.USER, text, STARTED_AT);
    }

    @Test
    void aStartedCallIsInProgressWithNullOutcomeFields() {
        start();
        CallDocument doc = document();
        assertThat(doc.status()).isEqualTo("in-progress");
        assertThat(doc.direction()).isEqualTo("outbound");
        assertThat(doc.createdAt()).isEqualTo(STARTED_AT);
        assertThat(doc.transcript()).isEmpty();
        assertThat(doc.duration()).isNull();
        assertThat(doc.cost()).isNull();
        assertThat(doc.summary()).isNull();
        assertThat(doc.recordingUrl()).isNull();
    }

    @Test
    void transcriptLinesAreKeptInSeqOrderWhateverOrderTheyArriveIn() {
        start();
        deliver(line(2, "third"), 1);
        deliver(line(0, "first"), 2);
        deliver(line(5, "sixth"), 3);
        deliver(line(1, "second"), 4);
        assertThat(document().transcript()).extracting(TranscriptLine::text)
                .containsExactly("first", "second", "third", "sixth");
    }

    @Test
    void aRedeliveredLineIsNotAddedTwice() {
        start();
        deliver(line(0, "hello"), 1);
        deliver(line(0, "hello"), 1);
        deliver(line(1, "hi"), 2);
        deliver(line(0, "hello"), 1);
        assertThat(document().transcript()).extracting(TranscriptLine::text).containsExactly("hello", "hi");
        assertThat(lastSequence()).isEqualTo(2);
    }

    @Test
    void aRedeliveredStartDoesNotResetTheCall() {
        start();
        deliver(line(0, "hello"), 1);
        deliver(new CallCompleted(call, CallStatus.BUSY, 0, BigDecimal.ZERO, null, STARTED_AT, EndReason.BUSY), 2);
        start();
        assertThat(document().status()).isEqualTo("busy");
        assertThat(document().transcript()).hasSize(1);
    }

    @Test
    void completionSetsTheOutcome() {
        start();
        deliver(new CallCompleted(call, CallStatus.NO_ANSWER, 145, new BigDecimal("0.45"),
                "https://storage.callcamp.com/recordings/x.mp3", STARTED_AT, EndReason.NO_ANSWER), 1);
        CallDocument doc = document();
        assertThat(doc.status()).isEqualTo("no-answer");
        assertThat(doc.duration()).isEqualTo(145L);
        assertThat(doc.cost()).isEqualByComparingTo("0.45");
        assertThat(doc.recordingUrl()).isEqualTo("https://storage.callcamp.com/recordings/x.mp3");
    }

    @Test
    void theLatestSummaryWinsAndARedeliveredOlderOneDoesNotComeBack() {
        start();
        deliver(new CallSummarized(call, "first analysis"), 1);
        deliver(new CallSummarized(call, "re-analysis"), 2);
        deliver(new CallSummarized(call, "first analysis"), 1);
        assertThat(document().summary()).isEqualTo("re-analysis");
    }

    @Test
    void aBatchIsWrittenBeforeItsTokenIsStoredAndTheSameBatchDeliveredAgainChangesNothing() {
        List<ProjectionRun.Stored> batch = List.of(
                stored(new CallStarted(call, "campaign_1", "record_1", Direction.OUTBOUND, STARTED_AT), 0),
                stored(line(1, "second"), 1),
                stored(line(0, "first"), 2),
                stored(new CallCompleted(call, CallStatus.COMPLETED, 61, new BigDecimal("0.30"), null, STARTED_AT,
                        EndReason.CALLER_HUNG_UP), 3));
        for (int delivery = 1; delivery <= 2; delivery++) {
            List<CallDocument> atTheToken = new ArrayList<>();
            run.deliver(() -> atTheToken.add(document()), batch);

            assertThat(atTheToken).singleElement().as("written before the token is stored")
                    .satisfies(doc -> assertThat(doc.status()).isEqualTo("completed"));
            CallDocument doc = document();
            assertThat(doc.status()).isEqualTo("completed");
            assertThat(doc.transcript()).extracting(TranscriptLine::text).containsExactly("first", "second");
            assertThat(lastSequence()).isEqualTo(3);
        }
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), CallDocument.class))
                .isEqualTo(1);
    }
}
