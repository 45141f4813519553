package io.calllog.query.feed;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client of the change stream: its filters, its position, and a bounded queue of what the instance's
 * {@link ChangeStreams shared reader} hands it, drained by one task at a time on the streams' executor.
 * <p>
 * It first catches up by pages from its own position (the cursor it resumed from), while the reader's hand-outs queue
 * up; then it takes those, skipping what its position already covers, and as soon as the reader's position covers
 * its own it simply follows the reader's. So a client sees every stored event once, whichever of the two read it.
 * <p>
 * The queue is bounded: when it is full (the client reads slower than events arrive, or has stopped reading), the
 * subscriber stops taking hand-outs, delivers what it holds, and ends the stream with an {@code overflow} event that
 * names the cursor to resume from. Nothing is dropped silently, and a slow client costs at most its queue.
 */
final class ChangeSubscriber {

    /** Where the subscriber's changes go: the SSE emitter in production. */
    interface Client {
        /**
         * Adds a change to what the next {@link #flush} sends; {@code position} is the subscriber's position after it,
         * the cursor to resume from (often the event's own {@link ChangeFeed.Positioned#after()}).
         */
        void change(ChangeFeed.Positioned event, ChangeCursor position) throws Exception;

        /** Adds every change of a batch, each with the cursor after it as its id (the subscriber has no filter). */
        default void changes(ReaderBatch batch) throws Exception {
            for (ChangeFeed.Positioned event : batch.events()) {
                if (event.change() != null) {
                    change(event, event.after());
                }
            }
        }

        void heartbeat() throws Exception;

        /** Adds an {@code overflow} event naming the cursor to resume from; the stream ends after it. */
        void overflow(String cursor) throws Exception;

        /** Sends what was added, in one write. */
        void flush() throws Exception;

        void close();
    }

    /** The stored events after a position, unfiltered, at most {@code limit}: {@link ChangeFeed#read}. */
    interface History {
        List<ChangeFeed.Positioned> read(ChangeCursor after, int limit);
    }

    private static final Object HEARTBEAT = new Object();
    private static final int PAGE = 1_000;
    /** Events sent in one write at most: a client that is behind gets its backlog in few writes, not one each. */
    private static final int FLUSH_EVERY = 200;

    private final ChangeFeed.Request filter;
    private final Client client;
    private final Queue<Object> handedOut;
    private final Executor executor;
    private final History history;
    private final Consumer<ChangeSubscriber> onEnd;
    private final Runnable onOverflow;
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Events in {@link #handedOut} (it holds batches of them): at most {@link #capacity}. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final int capacity;
    private volatile boolean overflowed;
    private volatile boolean ended;
    private boolean caughtUp; // guarded by draining
    private ChangeCursor position; // guarded by draining

    ChangeSubscriber(History history, ChangeFeed.Request filter, ChangeCursor position, int capacity, Client client,
                     Executor executor, Consumer<ChangeSubscriber> onEnd, Runnable onOverflow) {
        this.history = history;
        this.filter = filter;
        this.position = position == null ? ChangeCursor.of(null) : position;
        this.client = client;
        this.capacity = capacity;
        this.handedOut = new ConcurrentLinkedQueue<>();
        this.executor = executor;
        this.onEnd = onEnd;
        this.onOverflow = onOverflow;
    }

    /**
     * The shared reader hands on the events of one read; never blocks. It calls {@link #resume} once every subscriber
     * has them, so that a subscriber is drained once per read, not once per event.
     */
    void handOut(ReaderBatch batch) {
        if (ended || overflowed) {
            return;
        }
        if (buffered.addAndGet(batch.size()) > capacity) {
            buffered.addAndGet(-batch.size());
            overflowed = true;
            onOverflow.run();
        } else {
            handedOut.offer(batch);
        }
    }

    void heartbeat() {
        if (!ended && !overflowed && handedOut.isEmpty()) {
            handedOut.offer(HEARTBEAT);
            drain();
        }
    }

    /** Drains what waits, if anything does: the shared reader calls it after each read. */
    void resume() {
        if (!handedOut.isEmpty() || (overflowed && !ended)) {
            drain();
        }
    }

    /** Starts a drain unless one runs or waits for a thread: at most one task per subscriber is ever queued. */
    void drain() {
        if (ended || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::drainNow);
        } catch (RejectedExecutionException shutDown) {
            draining.set(false);
        }
    }

    private void drainNow() {
        try {
            if (!caughtUp) {
                catchUp();
            }
            int unsent = 0;
            for (Object next = handedOut.poll(); next != null && !ended; next = handedOut.poll()) {
                if (next == HEARTBEAT) {
                    client.heartbeat();
                    unsent++;
                } else {
                    ReaderBatch batch = (ReaderBatch) next;
                    buffered.addAndGet(-batch.size());
                    unsent += deliver(batch);
                }
                if (unsent >= FLUSH_EVERY) {
                    client.flush();
                    unsent = 0;
                }
            }
            if (overflowed && !ended) {
                client.overflow(position.encode());
            }
            client.flush();
            if (overflowed) {
                end();
            }
        } catch (Exception clientGone) {
            end();
        } finally {
            draining.set(false);
        }
        if (!ended && (!handedOut.isEmpty() || overflowed)) {
            drain();
        }
    }

    /** Reads from the subscriber's own position to the head, page by page. */
    private void catchUp() throws Exception {
        for (List<ChangeFeed.Positioned> read = history.read(position, PAGE); !read.isEmpty() && !ended;
             read = history.read(position, PAGE)) {
            for (ChangeFeed.Positioned event : read) {
                position = event.after();
                send(event);
            }
            client.flush();
        }
        caughtUp = true;
    }

    /**
     * A hand-out of the shared reader. A subscriber without filters at the position the batch follows takes it whole
     * (the common case); otherwise event by event.
     *
     * @return how many events it held
     */
    private int deliver(ReaderBatch batch) throws Exception {
        if (filter.all() && position.equals(batch.before())) {
            client.changes(batch);
            position = batch.after();
        } else {
            for (ChangeFeed.Positioned event : batch.events()) {
                deliver(event);
            }
        }
        return batch.size();
    }

    /** One event of a hand-out: skipped when the subscriber's position covers it already. */
    private void deliver(ChangeFeed.Positioned event) throws Exception {
        boolean seen = position.covers(event.index());
        position = position.isCoveredBy(event.after()) ? event.after()
                : seen ? position : position.with(event.index());
        if (!seen) {
            send(event);
        }
    }

    private void send(ChangeFeed.Positioned event) throws Exception {
        Change change = event.change();
        if (change != null && filter.matches(change.callUuid(), ChangeType.named(change.type()).orElseThrow())
                && (filter.campaignUuid() == null || filter.campaignUuid().equals(change.campaignUuid()))) {
            client.change(event, position);
        }
    }

    void end() {
        if (!ended) {
            ended = true;
            client.close();
            onEnd.accept(this);
        }
    }

    /** Events handed out and not yet taken: at most the capacity. */
    int buffered() {
        return buffered.get();
    }

    boolean ended() {
        return ended;
    }
}
