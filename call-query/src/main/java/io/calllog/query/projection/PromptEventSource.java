package io.calllog.query.projection;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the projections read it: the same streams, which also tell a caught-up processor to look again
 * every {@code calllog.projections.idle-poll-interval} (50 ms).
 * <p>
 * Axon's pooled processor, once it has handled every event, asks its stream for an availability callback; the event
 * store's stream offers none, so the processor looked again only every 500 ms (fixed in Axon 4.13). An event that
 * arrived in between waited for it: on average 250 ms of every event's projection lag. These streams accept the
 * callback and call it on a timer; a look that finds nothing costs a check of the event store's in-memory tail. The
 * event store's own fetch is unchanged: in the all-in-one app a commit wakes it at once, in call-query it reads the
 * database every {@code calllog.eventstore.fetch-delay}.
 */
public final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final Duration pollInterval;
    /** Boot's task scheduler, which calls the callbacks; the streams cancel theirs when they close. */
    private final TaskScheduler scheduler;

    public PromptEventSource(StreamableMessageSource<TrackedEventMessage<?>> eventStore, Duration pollInterval,
                             TaskScheduler scheduler) {
        this.eventStore = eventStore;
        this.pollInterval = pollInterval.isZero() || pollInterval.isNegative() ? Duration.ofMillis(1) : pollInterval;
        this.scheduler = scheduler;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new PromptStream(eventStore.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    private final class PromptStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private ScheduledFuture<?> callbacks; // guarded by this stream

        PromptStream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public synchronized boolean setOnAvailableCallback(Runnable callback) {
            if (callbacks != null) {
                callbacks.cancel(false);
            }
            callbacks = scheduler.scheduleWithFixedDelay(callback, Instant.now().plus(pollInterval), pollInterval);
            return true;
        }

        @Override
        public synchronized void close() {
            if (callbacks != null) {
                callbacks.cancel(false);
            }
            events.close();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public boolean hasNextAvailable() {
            return events.hasNextAvailable();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }
    }
}
