package io.calllog.query.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The first pass of a replay, made by the instance that requested it while it holds every segment of the projection:
 * it reads the event store once (through its storage engine, as the event store reads history for a processor that
 * is behind), from the start to the head it had when the replay began, in large batches
 * ({@code calllog.projections.replay.batch-size}, 10,000 events), and hands each batch to the projection's own
 * handlers exactly as the projection's processor would, then stores every segment's token. The processors then go on
 * from those tokens.
 * <p>
 * Why not leave the whole replay to Axon's pooled processor: it hands every event to every segment's work package,
 * which drops the others' events, buffers at most 1,024 events per work package and waits 100 ms when one is full
 * (none of it configurable in Axon 4.13). A replay through it ran at about a quarter of the speed of reading the same
 * events (docs/benchmarks.md). Here one reader feeds one batch of 10,000 events at a time, whose writes the runtime
 * coalesces (most calls' events in one batch: one write per call).
 * <p>
 * What it keeps of the processor's guarantees, with Axon's public API only ({@link AbstractEventProcessor}):
 * <ul>
 *     <li>the same handlers and the same interceptors, in the same order ({@code eventHandlerInvoker()},
 *     {@code getHandlerInterceptors()}), so the runtime's flush path writes each batch before its tokens are stored,
 *     and dead-lettering works as in the processor (the invoker is the dead-lettering one);</li>
 *     <li>each event handed over with its segment's replay token advanced to it, as the processor's work package does:
 *     {@code @DisallowReplay} handlers skip events at or before the segment's reset point, and see the others;</li>
 *     <li>each event handed over for the segment that owns it under the processor's sequencing policy, which must be
 *     Axon's default, {@link SequentialPerAggregatePolicy} (the call); with another policy there is no catch-up;</li>
 *     <li>the segments' claims held throughout (every stored token extends them), so no other instance processes
 *     them meanwhile; released at the end, whatever happened.</li>
 * </ul>
 * A failure (MongoDB gone, say) stops the catch-up: the tokens stored so far cover exactly what was written, and the
 * processors go on from them, with their own retries. {@code calllog.projections.replay.catch-up=false} leaves the
 * whole replay to the processors. The replay's progress shows in the admin API as the tokens are stored.
 */
@Component
public class ReplayCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ReplayCatchUp.class);
    /** Events handled by catch-ups, per projection (the rest of a replay is the processors'). */
    public static final String EVENTS_CAUGHT_UP = "calllog.projections.replay.caught-up";

    private final EventStorageEngine events;
    private final TokenStore tokens;
    private final EventProcessingConfiguration processing;
    private final MeterRegistry meters;
    private final boolean enabled;
    private final int batchSize;

    ReplayCatchUp(EventStorageEngine events, TokenStore tokens, EventProcessingConfiguration processing,
                  MeterRegistry meters,
                  @Value("${calllog.projections.replay.catch-up:true}") boolean enabled,
                  @Value("${calllog.projections.replay.batch-size:10000}") int batchSize) {
        this.events = events;
        this.tokens = tokens;
        this.processing = processing;
        this.meters = meters;
        this.enabled = enabled;
        this.batchSize = batchSize;
    }

    /**
     * Claims every segment of the projection, whose tokens have just been reset, for a catch-up; an empty claim
     * (nothing to catch up, the processors do it all) where that cannot be done.
     */
    Claim claim(String projection) {
        Claim claim = new Claim(projection);
        if (!enabled) {
            return claim;
        }
        if (!(processing.sequencingPolicy(projection) instanceof SequentialPerAggregatePolicy)) {
            log.info("Projection [{}] is sequenced by {}, not by call; the processors replay it", projection,
                    processing.sequencingPolicy(projection));
            return claim;
        }
        int[] ids = tokens.fetchSegments(projection);
        try {
            for (int id : ids) {
                TrackingToken token = tokens.fetchToken(projection, id);
                claim.segments.put(Segment.computeSegment(id, ids), token);
                TrackingToken start = WrappedToken.unwrapLowerBound(token); // a replay token may wrap another
                if (!(token instanceof ReplayToken) || (claim.segments.size() > 1 && !Objects.equals(start, claim.start))) {
                    log.info("Projection [{}]: its segments were not all reset to one position; the processors "
                            + "replay it", projection);
                    claim.close();
                    return claim;
                }
                claim.start = start;
            }
        } catch (RuntimeException e) {
            log.info("Projection [{}]: its segments could not all be claimed for a catch-up ({}); the processors "
                    + "replay it", projection, e.toString());
            claim.close();
        }
        return claim;
    }

    /** Every segment of one projection, claimed by this instance, with the token of each as it stands. */
    final class Claim implements AutoCloseable {

        private final String projection;
        private final Map<Segment, TrackingToken> segments = new LinkedHashMap<>();
        /** Where every segment was reset to: the catch-up reads from there. */
        private TrackingToken start;

        private Claim(String projection) {
            this.projection = projection;
        }

        /**
         * Handles every event from the start to {@code head} (and whatever came before the read got there), then
         * stores each segment's token. Answers the events handled; stops early, and says so, at a failure.
         */
        long catchUp(AbstractEventProcessor processor, long head) {
            if (segments.isEmpty()) {
                return 0;
            }
            EventHandlerInvoker invoker = processor.eventHandlerInvoker();
            Counter caughtUp = meters.counter(EVENTS_CAUGHT_UP, "projection", projection);
            List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors = processor.getHandlerInterceptors();
            long handled = 0;
            try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(start, false)) {
                Iterator<? extends TrackedEventMessage<?>> read = stream.iterator();
                List<TrackedEventMessage<?>> batch = new ArrayList<>(batchSize);
                long position = -1;
                while (position < head && read.hasNext()) {
                    TrackedEventMessage<?> event = read.next();
                    batch.add(event);
                    position = event.trackingToken().position().orElse(position);
                    if (batch.size() == batchSize || position >= head || !read.hasNext()) {
                        handle(batch, invoker, interceptors);
                        handled += batch.size();
                        caughtUp.increment(batch.size());
                        batch.clear();
                    }
                }
            } catch (Exception e) {
                log.warn("Catch-up of projection [{}] stopped after {} events; its processors go on from there",
                        projection, handled, e);
            } finally {
                segments.keySet().forEach(invoker::segmentReleased);
            }
            return handled;
        }

        /** One batch, as the processor handles one: one unit of work, then every segment's token. */
        private void handle(List<TrackedEventMessage<?>> batch, EventHandlerInvoker invoker,
                            List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors) throws Exception {
            List<EventMessage<?>> messages = new ArrayList<>(batch.size());
            Map<EventMessage<?>, Segment> owners = new java.util.IdentityHashMap<>(batch.size());
            for (TrackedEventMessage<?> event : batch) {
                Segment owner = ownerOf(event);
                TrackingToken token = advanced(segments.get(owner), event.trackingToken());
                segments.put(owner, token);
                EventMessage<?> message = event instanceof DomainEventMessage<?> domain
                        ? new GenericTrackedDomainEventMessage<>(token, domain)
                        : new GenericTrackedEventMessage<>(token, event);
                owners.put(message, owner);
                messages.add(message);
            }
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(messages);
            var result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, interceptors,
                    message -> {
                        invoker.handle(message, owners.get(message));
                        return null;
                    }).proceed());
            if (result.isExceptional()) {
                throw new IllegalStateException("a batch of the catch-up failed", result.exceptionResult());
            }
            TrackingToken last = batch.get(batch.size() - 1).trackingToken();
            for (Map.Entry<Segment, TrackingToken> segment : segments.entrySet()) {
                segment.setValue(advanced(segment.getValue(), last));
                tokens.storeToken(segment.getValue(), projection, segment.getKey().getSegmentId());
            }
        }

        /** A segment's token moved to an event's: still a replay token while before the segment's reset point. */
        private static TrackingToken advanced(TrackingToken current, TrackingToken to) {
            return current instanceof ReplayToken replay ? replay.advancedTo(to) : to;
        }

        /** The segment whose events these are under the default sequencing policy: the call's. */
        private Segment ownerOf(TrackedEventMessage<?> event) {
            Object call = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                    : event.getIdentifier();
            for (Segment segment : segments.keySet()) {
                if (segment.matches(call)) {
                    return segment;
                }
            }
            throw new IllegalStateException("no segment of " + projection + " matches " + call);
        }

        /** Releases every claim: the processors take the segments from their stored tokens. */
        @Override
        public void close() {
            segments.keySet().forEach(segment -> {
                try {
                    tokens.releaseClaim(projection, segment.getSegmentId());
                } catch (RuntimeException e) {
                    log.warn("Releasing segment {} of projection [{}] failed; its claim times out", segment, projection, e);
                }
            });
            segments.clear();
        }
    }
}
