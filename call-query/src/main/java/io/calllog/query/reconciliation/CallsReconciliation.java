package io.calllog.query.reconciliation;

import io.calllog.eventstore.EventStoreConfiguration;
import io.calllog.query.call.CallDocument;
import io.calllog.query.call.CallProjection;
import io.calllog.query.projection.ProjectionAdministration;
import io.calllog.query.projection.ProjectionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares, call by call, what the event store holds with what the {@code calls} read model has applied, up to the
 * projection's position (the global index its slowest segment has reached):
 * {@code MAX(sequence_number)} per call in the event store against each document's {@code lastSequence}. A call with
 * no document, or a document behind, has drifted.
 * <p>
 * What it guards against: an event the projection skipped for good, such as one whose transaction committed after
 * Axon's gap timeout (AxonFramework issue 4829), or a document lost from the read model. A call held
 * in the dead-letter queue drifts too, until its letters are retried. A drift can also be momentary: an event below
 * the position may sit in a gap the processor is still waiting on. A call that drifts in two checks in a row is real.
 * <p>
 * Runs on request ({@code GET /api/admin/projections/calls/reconciliation}) and every
 * {@code calllog.reconciliation.interval} (10 min; 0 turns it off), logging a warning on drift, and publishes the
 * last result as {@code calllog.reconciliation.drift}.
 * <p>
 * It reads every call's maximum from the event store: at 200,000 events, 2.4 s of work in one go, during which the
 * live projection's lag rose past a second (the soak run, docs/benchmarks.md). So it goes through the calls in pages
 * of {@code calllog.reconciliation.page-size} (500), in identifier order along the event table's unique (call, sequence) index, and the scheduled
 * check rests {@code calllog.reconciliation.pause-factor} (3) times as long as each page took before the next: it
 * takes about a quarter of one core, for four times as long. A check on request does not rest.
 */
@Component
public class CallsReconciliation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallsReconciliation.class);
    /** Drifted calls listed in a report (all are counted). */
    static final int LISTED = 100;

    private final JdbcTemplate events;
    /** One page of calls with their last stored sequence number, in identifier order, up to a global index. */
    private final String pageQuery;
    private final MongoTemplate readModel;
    private final ProjectionAdministration projections;
    private final AtomicLong lastDrift = new AtomicLong();
    private final ScheduledFuture<?> schedule;
    private final Clock clock = Clock.systemUTC();
    private final int pageSize;
    private final double pauseFactor;

    CallsReconciliation(DataSource eventStore, MongoTemplate readModel, ProjectionAdministration projections,
                        MeterRegistry meters, TaskScheduler scheduler,
                        @Value("${calllog.reconciliation.interval:10m}") Duration interval,
                        @Value("${calllog.reconciliation.page-size:500}") int pageSize,
                        @Value("${calllog.reconciliation.pause-factor:3}") double pauseFactor) {
        this.events = new JdbcTemplate(eventStore);
        EventSchema schema = EventStoreConfiguration.eventSchema();
        this.pageQuery = "SELECT " + schema.aggregateIdentifierColumn() + ", MAX(" + schema.sequenceNumberColumn()
                + ") FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " > ? AND " + schema.globalIndexColumn() + " <= ?"
                + " GROUP BY " + schema.aggregateIdentifierColumn() + " ORDER BY " + schema.aggregateIdentifierColumn()
                + " LIMIT " + pageSize;
        this.pageSize = pageSize;
        this.pauseFactor = pauseFactor;
        this.readModel = readModel;
        this.projections = projections;
        Gauge.builder("calllog.reconciliation.drift", lastDrift, AtomicLong::get)
                .description("Calls whose read-model document was behind the event store at the last reconciliation")
                .register(meters);
        // on Boot's task scheduler (@EnableScheduling, ProjectionConfiguration), which the context shuts down
        this.schedule = interval.isZero() ? null
                : scheduler.scheduleWithFixedDelay(this::checkAndLog, clock.instant().plus(interval), interval);
    }

    /** The check as requested through the API: at full speed. */
    ReconciliationReport check() {
        try {
            return check(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Goes through every call, page by page, resting {@code pauseFactor} times as long as each page took. */
    private ReconciliationReport check(double pauseFactor) throws InterruptedException {
        long position = projections.of(CallProjection.PROCESSING_GROUP).map(ProjectionStatus::position).orElse(-1L);
        List<CallDrift> drifted = new ArrayList<>();
        long[] counts = new long[2]; // checked, drifted
        Map<String, Long> page = new LinkedHashMap<>();
        String[] lastCall = {""}; // in the database's order: where the next page starts
        do {
            long start = System.nanoTime();
            page.clear();
            events.query(pageQuery,
                    row -> {
                        lastCall[0] = row.getString(1);
                        page.put(lastCall[0], row.getLong(2));
                    }, lastCall[0], position);
            compare(page, drifted, counts);
            if (pauseFactor > 0) {
                TimeUnit.NANOSECONDS.sleep((long) ((System.nanoTime() - start) * pauseFactor));
            }
        } while (page.size() == pageSize);
        lastDrift.set(counts[1]);
        return new ReconciliationReport(clock.instant(), position, counts[0], counts[1], List.copyOf(drifted));
    }

    private void compare(Map<String, Long> stored, List<CallDrift> drifted, long[] counts) {
        if (stored.isEmpty()) {
            return;
        }
        Query documents = Query.query(Criteria.where("_id").in(stored.keySet()));
        documents.fields().include("lastSequence");
        Map<String, Long> projected = new HashMap<>();
        readModel.find(documents, Document.class, CallDocument.COLLECTION)
                .forEach(document -> projected.put(document.getString("_id"),
                        ((Number) document.get("lastSequence")).longValue()));
        stored.forEach((call, storedThrough) -> {
            counts[0]++;
            Long projectedThrough = projected.get(call);
            if (projectedThrough == null || projectedThrough < storedThrough) {
                counts[1]++;
                if (drifted.size() < LISTED) {
                    drifted.add(new CallDrift(call, storedThrough, projectedThrough));
                }
            }
        });
    }

    private void checkAndLog() {
        try {
            ReconciliationReport report = check(pauseFactor);
            if (report.callsDrifted() > 0) {
                log.warn("Reconciliation: {} of {} calls in the read model are behind the event store (up to global"
                        + " index {}); first: {}", report.callsDrifted(), report.callsChecked(), report.position(),
                        report.drifted().get(0));
            } else {
                log.info("Reconciliation: {} calls match the event store up to global index {}",
                        report.callsChecked(), report.position());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Reconciliation failed; trying again at the next interval: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.cancel(true);
        }
    }
}
