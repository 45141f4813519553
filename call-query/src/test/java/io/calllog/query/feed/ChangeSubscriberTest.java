package io.calllog.query.feed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream's subscriber on its own: a client that stops reading costs at most its bounded queue and ends with an
 * {@code overflow} naming the cursor after the last change it got, without holding up another subscriber; what the
 * catch-up read and the shared reader hand out again is delivered once.
 */
class ChangeSubscriberTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** The stored event at this global index (a line of call_1), with the cursor after it. */
    private static ChangeFeed.Positioned stored(long index) {
        Change change = new Change("call_1", "campaign_1", "transcript", index, Instant.EPOCH,
                Map.of("seq", index));
        return new ChangeFeed.Positioned(index, change, "{}", ChangeCursor.at(index, List.of()));
    }

    /** What a client got: each change's sequence, then "overflow:" and the cursor, if it overflowed. */
    static final class Received implements ChangeSubscriber.Client {
        final List<String> got = new CopyOnWriteArrayList<>();
        final CountDownLatch mayRead;
        volatile boolean closed;

        Received(CountDownLatch mayRead) {
            this.mayRead = mayRead;
        }

        @Override
        public void change(ChangeFeed.Positioned event, ChangeCursor position) throws Exception {
            mayRead.await();
            got.add(String.valueOf(event.change().sequence()));
        }

        @Override
        public void changes(ReaderBatch batch) throws Exception {
            got.add("whole:" + batch.size());
            ChangeSubscriber.Client.super.changes(batch);
        }

        @Override
        public void flush() {
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void overflow(String cursor) {
            got.add("overflow:" + ChangeCursor.decode(cursor).index());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private ChangeSubscriber subscriber(ChangeSubscriber.History history, int capacity, Received client) {
        ChangeSubscriber subscriber = new ChangeSubscriber(history,
                new ChangeFeed.Request(ChangeCursor.at(0, List.of()), 0, null, null, EnumSet.noneOf(ChangeType.class)),
                ChangeCursor.at(0, List.of()), capacity, client, executor, ended -> { }, () -> { });
        subscriber.drain();
        return subscriber;
    }

    @Test
    void aClientThatStopsReadingGetsWhatItsQueueHeldThenAnOverflowNamingWhereToResumeAndHoldsUpNoOne()
            throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        Received slow = new Received(stalled);
        Received fast = new Received(new CountDownLatch(0));
        ChangeSubscriber slowSubscriber = subscriber((after, limit) -> List.of(), 3, slow);
        ChangeSubscriber fastSubscriber = subscriber((after, limit) -> List.of(), 3, fast);

        for (long index = 1; index <= 10; index++) {
            slowSubscriber.handOut(new ReaderBatch(null, List.of(stored(index))));
            fastSubscriber.handOut(new ReaderBatch(null, List.of(stored(index))));
            slowSubscriber.resume(); // as the shared reader does after each read
            fastSubscriber.resume();
            long delivered = index;
            await().atMost(10, TimeUnit.SECONDS).until(() -> fast.got.size() == delivered);
        }
        assertThat(fast.got).as("the other subscriber got everything while this one stalled")
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

        stalled.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> slow.closed);
        assertThat(slow.got).as("the change it was writing, the 3 its queue held, then the overflow")
                .containsExactly("1", "2", "3", "4", "overflow:4");
        assertThat(slowSubscriber.ended()).isTrue();
        assertThat(fastSubscriber.ended()).isFalse();
    }

    @Test
    void whatTheCatchUpReadAndTheSharedReaderHandsOutAgainIsDeliveredOnce() throws Exception {
        Received client = new Received(new CountDownLatch(0));
        CountDownLatch readerMayGoOn = new CountDownLatch(1);
        List<ChangeCursor> asked = new ArrayList<>();
        ChangeSubscriber subscriber = subscriber((after, limit) -> {
            asked.add(after);
            try {
                readerMayGoOn.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return after.index() < 3 ? List.of(stored(1), stored(2), stored(3)) : List.of();
        }, 100, client);
        // while it catches up, the shared reader hands out 2 to 5
        for (long index = 2; index <= 5; index++) {
            subscriber.handOut(new ReaderBatch(null, List.of(stored(index))));
        }
        readerMayGoOn.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.got.size() == 5);
        assertThat(client.got).containsExactly("1", "2", "3", "4", "5");
        assertThat(asked.get(0)).isEqualTo(ChangeCursor.at(0, List.of()));
    }

    @Test
    void aSubscriberAtTheReadersPositionTakesEachReadWholeAndOtherwiseEventByEventWithoutRepeats() throws Exception {
        Received client = new Received(new CountDownLatch(0));
        ChangeSubscriber subscriber = subscriber((after, limit) -> List.of(), 100, client);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !subscriber.ended());
        ChangeCursor start = ChangeCursor.at(0, List.of());
        // two reads that follow each other from where the subscriber is: each taken whole
        ReaderBatch first = new ReaderBatch(start, List.of(stored(1), stored(2)));
        ReaderBatch second = new ReaderBatch(first.after(), List.of(stored(3), stored(4), stored(5)));
        // a read from an older position (as after a catch-up that went further): event by event, seen ones skipped
        ReaderBatch older = new ReaderBatch(ChangeCursor.at(3, List.of()), List.of(stored(4), stored(5), stored(6)));
        for (ReaderBatch batch : List.of(first, second, older)) {
            subscriber.handOut(batch);
            subscriber.resume();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.got.contains("6"));
        assertThat(client.got).containsExactly("whole:2", "1", "2", "whole:3", "3", "4", "5", "6");
        assertThat(subscriber.buffered()).isZero();
    }
}
