package io.calllog.query.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live change streams of this instance: one shared reader follows the event store (every
 * {@code calllog.changes.poll-interval}, 50 ms, while anyone listens) and hands each stored event to every
 * {@link ChangeSubscriber subscriber}'s bounded queue; each subscriber's queue is drained by a task of the streams'
 * executor, so a slow client holds up nobody but itself. Nothing a client depends on between requests is kept here:
 * a stream resumes on any instance from the cursor of its last event.
 */
@Service
class ChangeStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreams.class);

    private final ChangeFeed feed;
    private final int capacity;
    /** Events read at a time: well under a subscriber's buffer, since each is drained after each read. */
    private final int page;
    private final ThreadPoolTaskExecutor executor;
    private final List<ChangeSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Counter overflows;
    /** Where the shared reader is; null while no one listens (the first subscriber starts it at the head). */
    private ChangeCursor tail; // guarded by this

    ChangeStreams(ChangeFeed feed, ThreadPoolTaskExecutorBuilder executors, MeterRegistry meters,
                  @Value("${calllog.changes.subscriber-buffer:1000}") int capacity,
                  @Value("${calllog.changes.delivery-threads:64}") int deliveryThreads) {
        this.feed = feed;
        this.capacity = capacity;
        this.page = Math.max(1, Math.min(250, capacity / 4));
        this.overflows = Counter.builder("calllog.changes.overflows")
                .description("Streams ended because their client fell a buffer behind").register(meters);
        Gauge.builder("calllog.changes.subscribers", subscribers, List::size)
                .description("Open change streams of this instance").register(meters);
        Gauge.builder("calllog.changes.buffered", subscribers,
                        all -> all.stream().mapToInt(ChangeSubscriber::buffered).sum())
                .description("Events waiting in the streams' buffers, for their clients to take").register(meters);
        // a fixed pool and a queue that holds at most one drain per subscriber: a write to a client that stopped
        // reading blocks its thread (until the server's idle timeout ends the connection), and the others go on
        this.executor = executors.corePoolSize(deliveryThreads).maxPoolSize(deliveryThreads).allowCoreThreadTimeOut(true)
                .queueCapacity(Integer.MAX_VALUE).keepAlive(Duration.ofSeconds(30)).threadNamePrefix("change-stream-").build();
        this.executor.initialize();
    }

    ChangeSubscriber subscribe(ChangeFeed.Request filter, ChangeSubscriber.Client client) {
        ChangeSubscriber subscriber = new ChangeSubscriber(feed::read, filter, filter.after(), capacity, client, executor,
                subscribers::remove, overflows::increment);
        synchronized (this) {
            // the reader must start no later than the subscriber's catch-up ends: what is stored from here on, it
            // hands out; what was stored before, the catch-up reads
            if (tail == null) {
                tail = feed.head();
            }
            subscribers.add(subscriber);
        }
        subscriber.drain(); // its catch-up
        return subscriber;
    }

    int subscribers() {
        return subscribers.size();
    }

    @Scheduled(fixedDelayString = "${calllog.changes.poll-interval:50ms}")
    synchronized void poll() {
        if (subscribers.isEmpty()) {
            tail = null;
            return;
        }
        try {
            for (List<ChangeFeed.Positioned> read = feed.read(tail, page); !read.isEmpty(); read = feed.read(tail, page)) {
                ReaderBatch batch = new ReaderBatch(tail, read);
                subscribers.forEach(subscriber -> subscriber.handOut(batch));
                tail = batch.after();
                subscribers.forEach(ChangeSubscriber::resume);
                if (read.size() < page) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Reading the event store for the change streams failed; trying again", e);
        }
        subscribers.forEach(ChangeSubscriber::resume);
    }

    @Scheduled(fixedDelayString = "${calllog.changes.heartbeat-interval:15s}")
    void heartbeat() {
        subscribers.forEach(ChangeSubscriber::heartbeat);
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server shuts down (this phase stops first): its graceful shutdown waits
     * for requests in progress, and a stream is one until it ends. Clients resume from their last id elsewhere.
     */
    @Override
    public void stop() {
        running = false;
        subscribers.forEach(ChangeSubscriber::end);
        executor.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
