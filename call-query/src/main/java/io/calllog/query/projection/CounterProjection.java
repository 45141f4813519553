package io.calllog.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.util.function.Consumer;

/**
 * A projection that keeps counters per key (a campaign, say) in a collection, one document per key: it says, in its
 * {@code @EventHandler}s, which counters an event moves under which key ({@link #count}), and the runtime does the
 * rest.
 * <ul>
 *     <li><b>Batching and coalescing.</b> Moves are staged, not written: after the batch's last event and before its
 *     token is stored, the runtime sums each key's moves and writes one {@code $inc} per key, in one unordered bulk
 *     write ({@link CounterBatch}).</li>
 *     <li><b>Exactly once.</b> {@code $inc} is not idempotent by itself; markers make it so. Calls are split into
 *     {@value CounterBatch#BUCKETS} buckets by the same hash that assigns them to the processor's segments, and each
 *     key's document keeps, per bucket, the global index of the last event it counted ({@code applied}), updated in
 *     the same atomic document write as the counters. A bucket lies within one segment however segments are split or
 *     merged, and a segment handles events in global order, so an event at or below its bucket's marker has been
 *     counted: a batch delivered again after a crash changes nothing. (So a processor's segment count must stay at
 *     most {@value CounterBatch#BUCKETS}.)</li>
 *     <li><b>The key of a call.</b> Events after a call's first rarely name its key (a completion does not name its
 *     campaign): {@link #countUnderKeyOfCall} counts under the key the call was counted under before, which the
 *     runtime keeps in {@code <collection>_calls}, written before the counters.</li>
 *     <li><b>Replays.</b> A reset drops both collections.</li>
 * </ul>
 */
public abstract class CounterProjection {

    private final ProjectionRuntime runtime;
    private final String collection;
    private final String keyName;

    /**
     * @param collection the counters' collection, one document per key
     * @param keyName    what a key is (for example {@code campaignUuid}): the field of {@code <collection>_calls} that
     *                   holds each call's key
     */
    protected CounterProjection(ProjectionRuntime runtime, String collection, String keyName) {
        this.runtime = runtime;
        this.collection = collection;
        this.keyName = keyName;
    }

    /** Counts the event being handled under {@code key}, which becomes its call's key. */
    protected final void count(String key, Consumer<Counters> moves) {
        stage(key, moves);
    }

    /**
     * Counts the event being handled under the key its call was counted under; an event of a call never counted is
     * not counted.
     */
    protected final void countUnderKeyOfCall(Consumer<Counters> moves) {
        stage(null, moves);
    }

    private void stage(String key, Consumer<Counters> moves) {
        EventMessage<?> event = ProjectionBatch.currentEvent();
        if (!(event instanceof DomainEventMessage<?> domain) || !(event instanceof TrackedEventMessage<?> tracked)) {
            throw new IllegalArgumentException("a counter projection counts tracked events of calls, not "
                    + event.getIdentifier());
        }
        long globalIndex = tracked.trackingToken().position().orElseThrow(
                () -> new IllegalStateException("a tracking token without a position: " + tracked.trackingToken()));
        Counters counters = new Counters();
        moves.accept(counters);
        ProjectionBatch.stage("counters." + collection, () -> new CounterBatch(runtime, collection, keyName),
                batch -> batch.count(domain.getAggregateIdentifier(), key, globalIndex, counters));
    }

    @ResetHandler
    protected final void dropCounters() {
        runtime.mongo().dropCollection(collection);
        runtime.mongo().dropCollection(CounterBatch.keysOf(collection));
    }
}
