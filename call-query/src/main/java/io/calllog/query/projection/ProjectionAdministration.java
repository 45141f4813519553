package io.calllog.query.projection;

import io.calllog.query.problem.NotFoundException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the projections are doing, as plain queries: each projection's state, position, lag and segments (with the
 * instance holding each), and its last replay's progress. Replays themselves are started and coordinated by
 * {@link ReplayCoordinator}.
 */
@Service
public class ProjectionAdministration {

    public static final URI PROJECTION_NOT_FOUND = URI.create("urn:call-log:problem:projection-not-found");

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStoreSegments segments;
    private final ReplayLeases leases;
    private final ProjectionNode node;
    private final Clock clock = Clock.systemUTC();

    public ProjectionAdministration(EventProcessingConfiguration processing, EventStore eventStore,
                                    TokenStoreSegments segments, ReplayLeases leases, ProjectionNode node) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.segments = segments;
        this.leases = leases;
        this.node = node;
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

    /** The projection, or a 404 problem naming it: what every operation on one projection starts with. */
    public ProjectionStatus require(String name) {
        return of(name).orElseThrow(() -> new NotFoundException(PROJECTION_NOT_FOUND, "Projection not found",
                "no projection named " + name, "projection", name));
    }

    public Optional<ReplayStatus> replayOf(String name) {
        return leases.of(name).map(lease -> ReplayStatus.of(lease, segments(name), clock.instant()));
    }

    /** The projection's segments as they stand: the token store's, with the positions of those held here fresher. */
    List<SegmentStatus> segments(String name) {
        return withLocalPositions(name, segments.of(name));
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
        List<SegmentStatus> current = segments(name);
        Optional<ReplayLease> lease = leases.of(name);
        StreamingEventProcessor processor = processor(name).orElseThrow();
        ProjectionState state;
        if (processor.isError() || processor.processingStatus().values().stream().anyMatch(s -> s.isErrorState())) {
            state = ProjectionState.FAILING;
        } else if (lease.map(ReplayLease::active).orElse(false) || current.stream().anyMatch(SegmentStatus::replaying)) {
            state = ProjectionState.REPLAYING;
        } else if (!processor.isRunning()) {
            state = ProjectionState.STOPPED;
        } else {
            state = ProjectionState.RUNNING;
        }
        long position = SegmentStatus.slowest(current);
        return new ProjectionStatus(name, state.toString(), position, head, Math.max(0, head - position), current,
                lease.map(l -> ReplayStatus.of(l, current, clock.instant())).orElse(null));
    }

    /** The global index of the newest event in the event store. */
    long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    Optional<StreamingEventProcessor> processor(String name) {
        Optional<EventProcessor> processor = processing.eventProcessor(name);
        return processor.filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast);
    }

}
