package io.calllog.query.projection;

import com.mongodb.client.MongoClients;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.testsupport.TestMongo;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guarantees of the projections' one flush path, once, against a real MongoDB-protocol server: a batch is
 * written in one write after its last event and before its token is stored, whatever that last event is; a failed
 * write fails the batch; a unit of work of one event (a dead letter handled again) is written at once; a handler
 * outside a unit of work is refused rather than left unwritten.
 */
class ProjectionBatchTest {

    private static final Instant AT = Instant.parse("2026-04-20T15:00:00Z");
    private static final String COLLECTION = "started_calls";

    private MongoTemplate mongo;
    private final List<Integer> writes = new ArrayList<>();

    /** A projection of the started calls' ids, one document each; it handles no other event. */
    final class StartedCalls {
        @EventHandler
        void on(CallStarted event) {
            ProjectionBatch.stage(Staged.class, Staged::new, batch -> batch.ids.add(event.callUuid()));
        }
    }

    final class Staged extends ProjectionBatch {
        final List<String> ids = new ArrayList<>();

        @Override
        protected void write() {
            writes.add(ids.size());
            mongo.getCollection(COLLECTION).insertMany(ids.stream().map(id -> new Document("_id", id)).toList());
            ids.clear();
        }

        @Override
        protected boolean isEmpty() {
            return ids.isEmpty();
        }
    }

    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        mongo = new MongoTemplate(MongoClients.create(database.uri()), database.name());
    }

    private static ProjectionRun.Stored started(String call, long globalIndex) {
        return new ProjectionRun.Stored(new CallStarted(call, "campaign", "record", Direction.OUTBOUND, AT), call, 0,
                globalIndex);
    }

    private long stored() {
        return mongo.getCollection(COLLECTION).countDocuments();
    }

    @Test
    void aBatchIsOneWriteAfterItsLastEventAndBeforeItsTokenIsStored() {
        List<Long> atTheToken = new ArrayList<>();
        new ProjectionRun(new StartedCalls()).deliver(() -> atTheToken.add(stored()),
                List.of(started("a", 1), started("b", 2), started("c", 3)));
        assertThat(writes).containsExactly(3);
        assertThat(atTheToken).containsExactly(3L);
    }

    @Test
    void aBatchEndingWithAnEventTheProjectionDoesNotHandleIsWrittenAllTheSame() {
        List<Long> atTheToken = new ArrayList<>();
        new ProjectionRun(new StartedCalls()).deliver(() -> atTheToken.add(stored()),
                List.of(started("a", 1), new ProjectionRun.Stored(new CallSummarized("a", "a summary"), "a", 1, 2)));
        assertThat(atTheToken).containsExactly(1L);
    }

    @Test
    void aFailedWriteFailsTheBatchSoThatItsTokenIsNotStored() {
        ProjectionRun run = new ProjectionRun(new StartedCalls());
        run.deliver(started("a", 1));
        List<Long> atTheToken = new ArrayList<>();
        assertThatThrownBy(() -> run.deliver(() -> atTheToken.add(stored()), List.of(started("b", 2), started("a", 3))))
                .isInstanceOf(IllegalStateException.class).hasMessage("the batch failed");
        assertThat(atTheToken).as("the unit of work did not reach the point where the token is stored").isEmpty();
    }

    @Test
    void aUnitOfWorkOfOneEventOutsideABatchAsADeadLetterRetryHasIsWrittenAtOnce() {
        DefaultUnitOfWork<?> retry = DefaultUnitOfWork.startAndGet(started("a", 1).message());
        new StartedCalls().on(new CallStarted("a", "campaign", "record", Direction.OUTBOUND, AT));
        assertThat(stored()).as("written by the handling itself, so that a failed write fails the letter").isOne();
        retry.commit();
        assertThat(writes).containsExactly(1);
    }

    @Test
    void aHandlerOutsideAProcessorsUnitOfWorkIsRefusedNotLeftUnwritten() {
        assertThatThrownBy(() -> new StartedCalls().on(new CallStarted("a", "c", "r", Direction.OUTBOUND, AT)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(stored()).isZero();
    }
}
