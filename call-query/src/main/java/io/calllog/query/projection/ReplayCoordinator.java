package io.calllog.query.projection;

import io.calllog.query.problem.ConflictException;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
 * Replays projections, safely when several call-query instances share their segments: the state machine of
 * {@link ReplayState}, moved through the projection's {@link ReplayLease}.
 * <p>
 * A replay is coordinated through its {@link ReplayLease} in MongoDB, next to the tokens:
 * <ol>
 *     <li>the instance that receives the request takes the lease (a second request, on any instance, is refused while
 *     it is active) and stops its own processor;</li>
 *     <li>every other instance sees the lease at its next watch (each second) and stops its processor too, which
 *     releases its claims on the segments;</li>
 *     <li>once no segment is claimed by anyone, the requester resets the tokens: Axon calls the projection's
 *     {@code @ResetHandler} (which clears it) and stores replay tokens from the start of the event store;</li>
 *     <li>the requester claims every segment and the lease moves to {@code replaying}; the requester catches the
 *     projection up to the head in large batches while it holds them ({@link ReplayCatchUp}), then releases them;</li>
 *     <li>every instance starts its processor again, and the processors go on from the tokens the catch-up stored
 *     (the whole replay, where no catch-up could be made), shared out over the segments like any other
 *     processing; the watch marks it {@code done} when no segment is replaying any more.</li>
 * </ol>
 * Axon itself refuses to reset tokens that another instance has claimed, so no instance can process a segment while
 * it is being reset; the lease is what gets the others to let go, and what makes the replay visible everywhere.
 */
@Service
public class ReplayCoordinator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayCoordinator.class);

    private final ProjectionAdministration projections;
    private final TokenStoreSegments segments;
    private final ReplayLeases leases;
    private final ProjectionNode node;
    private final DeadLetters deadLetters;
    private final ReplayCatchUp catchUp;
    /** Boot's task scheduler: the watch runs on it, and each replay is started on it. */
    private final TaskScheduler scheduler;
    private final Duration releaseTimeout;
    private final Duration heartbeatTimeout;
    private final Duration progressLogInterval;
    private final Duration watchInterval;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean running;
    private volatile ScheduledFuture<?> watch;
    /** Projections whose processor this instance stopped because another instance is resetting them. */
    private final Set<String> stoppedForReplay = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastProgressLog = new ConcurrentHashMap<>();

    ReplayCoordinator(ProjectionAdministration projections, TokenStoreSegments segments, ReplayLeases leases,
                      ProjectionNode node, DeadLetters deadLetters, ReplayCatchUp catchUp, TaskScheduler scheduler,
                      @Value("${calllog.projections.release-timeout:60s}") Duration releaseTimeout,
                      @Value("${calllog.projections.heartbeat-timeout:30s}") Duration heartbeatTimeout,
                      @Value("${calllog.projections.progress-log-interval:5s}") Duration progressLogInterval,
                      @Value("${calllog.projections.watch-interval:1s}") Duration watchInterval) {
        this.projections = projections;
        this.segments = segments;
        this.leases = leases;
        this.node = node;
        this.deadLetters = deadLetters;
        this.catchUp = catchUp;
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

    /**
     * Starts a replay of the projection and returns at once with its status.
     *
     * @throws ReplayConflictException if a replay of it is already under way (on any instance)
     */
    public ReplayStatus replay(String name) {
        StreamingEventProcessor processor = projections.processor(name).orElseThrow();
        ReplayLease lease = leases.take(name, node.id(), clock.instant())
                .orElseThrow(() -> new ReplayConflictException(name));
        log.info("Replay of projection [{}] requested on {}: stopping it on every instance", name, node.id());
        scheduler.schedule(() -> run(name, processor), clock.instant());
        return ReplayStatus.of(lease, segments.of(name), clock.instant());
    }

    private void watchSafely() {
        try {
            watchReplays();
        } catch (RuntimeException e) {
            log.warn("Watching projection replays failed; trying again in {}", watchInterval, e);
        }
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
            long head = projections.head();
            processor.resetTokens();
            deadLetters.clear(name); // every event is handled again: a dead letter that still fails comes back
            try (ReplayCatchUp.Claim claim = catchUp.claim(name)) {
                leases.replaying(name, head, clock.instant());
                log.info("Projection [{}] cleared; replaying {} events", name, head);
                if (processor instanceof AbstractEventProcessor eventProcessor) {
                    long caughtUp = claim.catchUp(eventProcessor, head);
                    if (caughtUp > 0) {
                        log.info("Projection [{}] caught up with {} events here; its processors go on", name, caughtUp);
                    }
                }
            }
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("Replay of projection [{}] failed", name, cause);
            leases.finish(name, ReplayState.RESETTING, ReplayState.FAILED, cause.toString(), clock.instant());
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
            Optional<StreamingEventProcessor> processor = projections.processor(name);
            if (processor.isEmpty()) {
                continue;
            }
            boolean requestedHere = node.id().equals(lease.requestedBy());
            ReplayState state = lease.replayState();
            if (state == ReplayState.RESETTING) {
                if (lease.heartbeatAt().plus(heartbeatTimeout).isBefore(now)) {
                    leases.finish(name, ReplayState.RESETTING, ReplayState.FAILED,
                            "the requesting instance " + lease.requestedBy() + " stopped answering", now);
                } else if (!requestedHere && processor.get().isRunning()) {
                    log.info("Projection [{}] is being reset by {}: stopping it here", name, lease.requestedBy());
                    stoppedForReplay.add(name);
                    processor.get().shutDown();
                }
                continue;
            }
            if (stoppedForReplay.remove(name)) {
                log.info("Projection [{}] is {}: starting it here again", name, state);
                processor.get().start();
            }
            if (state == ReplayState.REPLAYING) {
                List<SegmentStatus> current = projections.segments(name);
                if (!current.isEmpty() && current.stream().noneMatch(SegmentStatus::replaying)) {
                    leases.finish(name, ReplayState.REPLAYING, ReplayState.DONE, null, now);
                    log.info("Replay of projection [{}] done", name);
                } else if (requestedHere && !now.isBefore(
                        lastProgressLog.getOrDefault(name, Instant.MIN).plus(progressLogInterval))) {
                    lastProgressLog.put(name, now);
                    ReplayStatus status = ReplayStatus.of(lease, current, now);
                    log.info("Replay of projection [{}]: {} of {} events, {} events/s, {} s left", name,
                            status.eventsDone(), status.eventsTotal(),
                            status.eventsPerSecond() == null ? "?" : Math.round(status.eventsPerSecond()),
                            status.secondsLeft() == null ? "?" : status.secondsLeft());
                }
            }
        }
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
