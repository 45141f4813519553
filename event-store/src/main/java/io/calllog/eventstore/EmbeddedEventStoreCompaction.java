package io.calllog.eventstore;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.calllog.eventstore.personal.PersonalDataOverwritten;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

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
 * store. Figures of this version: docs/benchmarks.md.
 * <p>
 * Pages that personal data was overwritten in (a destroyed data key, plain text sealed by the upgrade) would stay in
 * the file until their space is reused, so after such a change ({@link PersonalDataOverwritten}) the next clean stop
 * compacts the whole file ({@code SHUTDOWN COMPACT}: H2 writes the live pages to a new file). The request is a file
 * beside the database ({@value #FLAG_SUFFIX}), so that it outlives a crash before that stop.
 * <p>
 * It lives with the event store, so that call-command alone gets it as the all-in-one app does; it is a bean only
 * where {@code spring.datasource.url} names an embedded H2 database ({@link EmbeddedH2}), and does nothing should the
 * connection turn out to be something else. It reaches into H2's engine ({@code SessionLocal}, {@code MVStore}), which
 * no JDBC API offers: {@code EmbeddedEventStoreCompactionTest} fails if an H2 upgrade changes that.
 */
class EmbeddedEventStoreCompaction {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEventStoreCompaction.class);
    /** Chunks are rewritten while less than this share of them is live (H2's own background writer uses 90). */
    private static final int TARGET_FILL_RATE = 90;

    private final DataSource dataSource;
    private final int writeLimitBytes;
    /** The store's version when the last compaction ended: nothing written since, nothing to compact. */
    private long compactedVersion = -1;

    EmbeddedEventStoreCompaction(DataSource dataSource, int writeLimitMb) {
        this.dataSource = dataSource;
        this.writeLimitBytes = writeLimitMb * 1024 * 1024;
    }

    /** Beside the database's file, while a full compaction at the next clean stop is due. */
    static final String FLAG_SUFFIX = ".compact-on-stop";

    /** Personal data was overwritten in the event store: compact the whole file at the next clean stop. */
    @EventListener
    void on(PersonalDataOverwritten overwritten) {
        if (PersonalDataOverwritten.EVENT_STORE.equals(overwritten.store())) {
            requestFullCompaction();
        }
    }

    /** Asks for a full compaction at the next clean stop. */
    public void requestFullCompaction() {
        try (Connection connection = dataSource.getConnection()) {
            Path flag = flag(connection);
            if (flag != null && !Files.exists(flag)) {
                Files.writeString(flag, "personal data was overwritten: compact fully at the next clean stop\n");
            }
        } catch (Exception e) {
            log.warn("Could not note that the event store needs a full compaction", e);
        }
    }

    /**
     * At a clean stop (this bean is destroyed before the DataSource, after the processors stopped): the full
     * compaction, when one was asked for. It closes the database.
     */
    void compactFullyIfRequested() {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            Path flag = flag(connection);
            if (flag == null || !Files.exists(flag)) {
                return;
            }
            log.info("Compacting the embedded event store fully (personal data was overwritten)");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
            Files.deleteIfExists(flag);
            log.info("Compacted the embedded event store fully");
        } catch (Exception e) {
            log.warn("The full compaction of the embedded event store failed; it is tried again at the next stop", e);
        } finally {
            closeQuietly(connection); // after SHUTDOWN the database is closed: giving the connection back fails
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception closed) {
                log.debug("Connection closed with the database: {}", closed.toString());
            }
        }
    }

    /** The request's file, or null when the connection is not to an embedded H2 file. */
    private static Path flag(Connection connection) throws Exception {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                || session.getDatabase().getStore() == null || !session.getDatabase().isPersistent()) {
            return null;
        }
        return Path.of(session.getDatabase().getDatabasePath() + FLAG_SUFFIX);
    }

    /** On Boot's task scheduler ({@code @EnableScheduling}, {@link EventStoreConfiguration}). */
    @Scheduled(initialDelayString = "${calllog.embedded-eventstore.compaction-interval:1s}",
            fixedDelayString = "${calllog.embedded-eventstore.compaction-interval:1s}")
    /** One round: whether it rewrote anything. */
    boolean compact() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || session.getDatabase().getStore() == null) {
                return false; // not an embedded H2 database
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.getCurrentVersion() == compactedVersion) {
                return false; // idle: leave the CPU to the readers
            }
            boolean rewrote = store.compact(TARGET_FILL_RATE, writeLimitBytes);
            if (rewrote) {
                log.debug("Event store file compacted: fill rate now {}%", store.getFillRate());
            }
            compactedVersion = store.getCurrentVersion();
            return rewrote;
        } catch (Exception e) {
            log.warn("Compacting the embedded event store failed; trying again at the next interval", e);
            return false;
        }
    }
}
