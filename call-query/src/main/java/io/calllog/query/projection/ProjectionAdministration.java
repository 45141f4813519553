package io.calllog.query.projection;

import io.calllog.query.problem.ConflictException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lists the projections and replays them, safely when several call-query instances share their segments.
 * <p>
 * A replay is coordinated through its {@link ReplayLease} in MongoDB, next to the tokens:
 * <ol>
 *     <li>the instance that receives the request takes the lease (a second request, on any instance, is refused while
 *     it is active) and stops its own processor;</li>
 *     <li>every other instance sees the lease at its next watch (each second) and stops its processor too, which
 *     releases its claims on the segments;</li>
 *     <li>once no segment is claimed by anyone, the requester resets the tokens: Axon calls the projection's
 *     {@code @ResetHandler} (which clears it) and stores replay tokens from the start of the event store;</li>
 *     <li>the lease moves to {@code replaying} and every instance starts its processor again, so the replay is shared
 *     out over the segments like any other processing; the watch marks it {@code done} when no segment is
 *     replaying any more.</li>
 * </ol>
 * Axon itself refuses to reset tokens that another instance has claimed, so no instance can process a segment while
 * it is being reset; the lease is what gets the others to let go, and what makes the replay visible everywhere.
 */
@Service
public class ProjectionAdministration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdministration.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStoreSegments segments;
    private final ReplayLeases leases;
    private final ProjectionNode node;
    private final Duration releaseTimeout;
    private final Duration heartbeatTimeout;
    private final Duration progressLogInterval;
    private final Duration watchInterval;
    private volatile boolean running;
    private final Clock clock = Clock.systemUTC();
    /** Boot's task scheduler: the watch runs on it, and each replay is started on it. */
    private final TaskScheduler scheduler;
    private volatile ScheduledFuture<?> watch;
    /** Projections whose processor this instance stopped because another instance is resetting them. */
    private final Set<String> stoppedForReplay = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastProgressLog = new ConcurrentHashMap<>();
    private final DeadLetters deadLetters;

    public ProjectionAdministration(EventProcessingConfiguration processing, EventStore eventStore,
                                    TokenStoreSegments segments, ReplayLeases leases, ProjectionNode node,
                                    DeadLetters deadLetters, TaskScheduler scheduler,
                                    @Value("${calllog.projections.release-timeout:60s}") Duration releaseTimeout,
                                    @Value("${calllog.projections.heartbeat-timeout:30s}") Duration heartbeatTimeout,
                                    @Value("${calllog.projections.progress-log-interval:5s}") Duration progressLogInterval,
                                    @Value("${calllog.projections.watch-interval:1s}") Duration watchInterval) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.segments = segments;
        this.leases = leases;
        this.node = node;
        this.deadLetters = deadLetters;
        this.scheduler = scheduler;
        this.releaseTimeout = releaseTimeout;
        this.heartbeatTimeout = heartbeatTimeout;
        this.progressLogInterval = progressLogInterval;
        this.watchInterval = watchInterval;
    }

    /** Starts watching the leases once the processors have started (Axon starts them in an earlier phase). */
    @Override
    public void start() {
        watch = scheduler.scheduleWithFixedDelay(this::watchSafely, clock.instant().plus(watchInterval), watchInterval);
        running = true;
    }

    @Override
    public void stop() {
        ScheduledFuture<?> watching = watch;
        if (watching != null) {
            watching.cancel(true);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void watchSafely() {
        try {
            watchReplays();
        } catch (RuntimeException e) {
            log.warn("Watching projection replays failed; trying again in {}", watchInterval, e);
        }
    }

    public List<ProjectionStatus> all() {
        long head = head();
        return processing.eventProcessors().keySet().stream().sorted().map(name -> status(name, head)).toList();
    }

    /** Every projection's name (its processing group), sorted. */
    public List<String> names() {
        return processing.eventProcessors().keySet().stream().sorted().toList();
    }

    public Optional<ProjectionStatus> of(String name) {
        return processor(name).map(p -> status(name, head()));
    }

    public Optional<ReplayStatus> replayOf(String name) {
        return leases.of(name).map(lease -> progress(lease, withLocalPositions(name, segments.of(name))));
    }

    /**
     * Starts a replay of the projection and returns at once with its status.
     *
     * @throws ReplayConflictException if a replay of it is already under way (on any instance)
     */
    public ReplayStatus replay(String name) {
        StreamingEventProcessor processor = processor(name).orElseThrow();
        ReplayLease lease = leases.take(name, node.id(), clock.instant())
                .orElseThrow(() -> new ReplayConflictException(name));
        log.info("Replay of projection [{}] requested on {}: stopping it on every instance", name, node.id());
        scheduler.schedule(() -> run(name, processor), clock.instant());
        return progress(lease, segments.of(name));
    }

    private void run(String name, StreamingEventProcessor processor) {
        try {
            processor.shutdownAsync().get(releaseTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Instant deadline = clock.instant().plus(releaseTimeout);
            while (segments.of(name).stream().anyMatch(s -> s.owner() != null && !s.owner().equals(node.id()))) {
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("other instances still hold segments of " + name + " after "
                            + releaseTimeout.toSeconds() + " s");
                }
                leases.heartbeat(name, clock.instant());
                Thread.sleep(200);
            }
            long head = head();
            processor.resetTokens();
            deadLetters.clear(name); // every event is handled again: a dead letter that still fails comes back
            leases.replaying(name, head, clock.instant());
            log.info("Projection [{}] cleared; replaying {} events", name, head);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("Replay of projection [{}] failed", name, cause);
            leases.finish(name, ReplayLease.RESETTING, ReplayLease.FAILED, cause.toString(), clock.instant());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            processor.start();
        }
    }

    /**
     * Every instance, every second: stops or restarts its processors as the leases say, fails a lease whose
     * requester went silent, marks finished replays done, and logs the progress of the replays it requested.
     */
    void watchReplays() {
        Instant now = clock.instant();
        for (ReplayLease lease : leases.all()) {
            String name = lease.projection();
            Optional<StreamingEventProcessor> processor = processor(name);
            if (processor.isEmpty()) {
                continue;
            }
            boolean requestedHere = node.id().equals(lease.requestedBy());
            if (ReplayLease.RESETTING.equals(lease.state())) {
                if (lease.heartbeatAt().plus(heartbeatTimeout).isBefore(now)) {
                    leases.finish(name, ReplayLease.RESETTING, ReplayLease.FAILED,
                            "the requesting instance " + lease.requestedBy() + " stopped answering", now);
                } else if (!requestedHere && processor.get().isRunning()) {
                    log.info("Projection [{}] is being reset by {}: stopping it here", name, lease.requestedBy());
                    stoppedForReplay.add(name);
                    processor.get().shutDown();
                }
                continue;
            }
            if (stoppedForReplay.remove(name)) {
                log.info("Projection [{}] is {}: starting it here again", name, lease.state());
                processor.get().start();
            }
            if (ReplayLease.REPLAYING.equals(lease.state())) {
                List<SegmentStatus> current = withLocalPositions(name, segments.of(name));
                if (!current.isEmpty() && current.stream().noneMatch(SegmentStatus::replaying)) {
                    leases.finish(name, ReplayLease.REPLAYING, ReplayLease.DONE, null, now);
                    log.info("Replay of projection [{}] done", name);
                } else if (requestedHere && !now.isBefore(
                        lastProgressLog.getOrDefault(name, Instant.MIN).plus(progressLogInterval))) {
                    lastProgressLog.put(name, now);
                    ReplayStatus status = progress(lease, current);
                    log.info("Replay of projection [{}]: {} of {} events, {} events/s, {} s left", name,
                            status.eventsDone(), status.eventsTotal(),
                            status.eventsPerSecond() == null ? "?" : Math.round(status.eventsPerSecond()),
                            status.secondsLeft() == null ? "?" : status.secondsLeft());
                }
            }
        }
    }

    private ReplayStatus progress(ReplayLease lease, List<SegmentStatus> current) {
        long total = lease.headIndex();
        long done = switch (lease.state()) {
            case ReplayLease.DONE -> total;
            case ReplayLease.REPLAYING -> Math.min(total, slowest(current));
            default -> 0;
        };
        Double rate = null;
        Long secondsLeft = null;
        if (lease.startedAt() != null) {
            Instant end = lease.finishedAt() != null ? lease.finishedAt() : clock.instant();
            double seconds = Duration.between(lease.startedAt(), end).toMillis() / 1000.0;
            if (seconds > 0 && done > 0) {
                rate = done / seconds;
                secondsLeft = Math.round((total - done) / rate);
            }
        }
        return new ReplayStatus(lease.projection(), lease.state(), lease.requestedBy(), lease.requestedAt(),
                lease.finishedAt(), done, total, rate, secondsLeft, lease.failure());
    }

    /**
     * The token store's view of the segments, with the positions of those held here taken from the processor itself:
     * a segment with no events of its own stores its token only now and then, so the stored position lags behind.
     */
    private List<SegmentStatus> withLocalPositions(String name, List<SegmentStatus> stored) {
        Map<Integer, EventTrackerStatus> local = processor(name).map(StreamingEventProcessor::processingStatus)
                .orElse(Map.of());
        return stored.stream().map(segment -> {
            EventTrackerStatus status = local.get(segment.segment());
            if (status == null || !node.id().equals(segment.owner())) {
                return segment;
            }
            SegmentStatus here = SegmentStatus.of(segment.segment(), segment.owner(), status.getCurrentPosition(),
                    status.getResetPosition());
            if (segment.replaying() && !here.replaying()) {
                // a status from before the reset, which the processor can still report just after it restarted:
                // the stored replay token is the truth until the segment stores a token past its reset point
                return segment;
            }
            return here.position() == null || (segment.position() != null && segment.position() > here.position())
                    ? segment : here;
        }).toList();
    }

    private ProjectionStatus status(String name, long head) {
        List<SegmentStatus> current = withLocalPositions(name, segments.of(name));
        Optional<ReplayLease> lease = leases.of(name);
        StreamingEventProcessor processor = processor(name).orElseThrow();
        String state;
        if (processor.isError() || processor.processingStatus().values().stream().anyMatch(s -> s.isErrorState())) {
            state = "failing";
        } else if (lease.map(ReplayLease::active).orElse(false) || current.stream().anyMatch(SegmentStatus::replaying)) {
            state = "replaying";
        } else if (!processor.isRunning()) {
            state = "stopped";
        } else {
            state = "running";
        }
        long position = slowest(current);
        return new ProjectionStatus(name, state, position, head, Math.max(0, head - position), current,
                lease.map(l -> progress(l, current)).orElse(null));
    }

    private static long slowest(List<SegmentStatus> current) {
        return current.stream().mapToLong(s -> s.position() == null ? 0 : s.position()).min().orElse(0);
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        Optional<EventProcessor> processor = processing.eventProcessor(name);
        return processor.filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast);
    }

    /** A replay requested while another of the same projection is under way: a 409 problem. */
    public static final class ReplayConflictException extends ConflictException {
        ReplayConflictException(String projection) {
            super(URI.create("urn:call-log:problem:replay-in-progress"), "Replay in progress",
                    "a replay of projection " + projection + " is already under way; follow it at "
                            + ProjectionAdminController.replayPath(projection));
        }
    }
}
