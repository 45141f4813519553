package io.calllog.app;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the embedded event store's H2 file compact. The store is opened with {@code WRITE_DELAY=0}, so that every
 * acknowledged event is written before the acknowledgement; but that also turns off H2's background writer, which is
 * what compacts an MVStore file, and H2 then never compacts it (a known H2 behaviour: with no write delay, compaction
 * is left to the application). Measured: loading 1,000,000 events grew the file past 6 GB, and H2's in-memory
 * metadata of all those chunks ran a {@code -Xmx512m} app out of memory.
 * <p>
 * So, every {@code calllog.embedded-eventstore.compaction-interval}, this rewrites the live pages of the
 * least-filled chunks ({@link MVStore#compact(int, int)}, at most {@code compaction-write-mb} per run, while the
 * chunks are less than 90% live), the way H2's background writer does, so that their space is freed and reused. It
 * takes the store's lock only if it is free, and does nothing when nothing was written since its last run. It only
 * has chunks to rewrite with {@code RETENTION_TIME=0} in the URL (the default URL has it).
 * <p>
 * Measured: 1,000,000 rows in 100,000 transactions made 3.4 GB with H2's default retention and no compaction. In the
 * app, an earlier version (at most 64 MB every 10 s, and only when the file's fill rate, not the chunks', was low)
 * left a 1.6 GB file for 415,000 events with 86% of it dead, and H2's metadata of its chunks pushed a
 * {@code -Xmx512m} app out of memory. H2's {@link MVStore#compactFile(int)}, which also moves chunks to shrink the
 * file, is not for a store in use: called while events were appended it failed an assertion inside H2 and broke the
 * store. Figures of this version: docs/benchmarks.md. It does nothing when the event store is not an embedded H2
 * database (PostgreSQL, H2 over TCP).
 */
@Component
class EmbeddedEventStoreCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEventStoreCompaction.class);
    private final DataSource dataSource;
    private final Duration interval;
    private final int writeLimitBytes;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "event-store-compaction");
        thread.setDaemon(true);
        return thread;
    });
    /** Chunks are rewritten while less than this share of them is live (H2's own background writer uses 90). */
    private static final int TARGET_FILL_RATE = 90;

    private volatile boolean running;
    /** The store's version when the last compaction ended: nothing written since, nothing to compact. */
    private long compactedVersion = -1;

    EmbeddedEventStoreCompaction(DataSource dataSource,
                                 @Value("${calllog.embedded-eventstore.compaction-interval:1s}") Duration interval,
                                 @Value("${calllog.embedded-eventstore.compaction-write-mb:16}") int writeLimitMb) {
        this.dataSource = dataSource;
        this.interval = interval;
        this.writeLimitBytes = writeLimitMb * 1024 * 1024;
    }

    @Override
    public void start() {
        scheduler.scheduleWithFixedDelay(this::compact, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void compact() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || session.getDatabase().getStore() == null) {
                return; // not an embedded H2 database
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.getCurrentVersion() == compactedVersion) {
                return; // idle: leave the CPU to the readers
            }
            if (store.compact(TARGET_FILL_RATE, writeLimitBytes)) {
                log.debug("Event store file compacted: fill rate now {}%", store.getFillRate());
            }
            compactedVersion = store.getCurrentVersion();
        } catch (Exception e) {
            log.warn("Compacting the embedded event store failed; trying again in {}", interval, e);
        }
    }
}
