package io.calllog.query.projection;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counter moves of one {@link CounterProjection} staged over one batch, written as: the keys of calls counted
 * under a key in the batch, then one {@code $inc} per key (with its bucket markers), each list as one bulk write. See
 * {@link CounterProjection} for why counting stays exact when a batch is delivered again.
 */
final class CounterBatch extends ProjectionBatch {

    /**
     * Buckets of calls: at least the processor's segment count, and a power of two, so that a bucket never spans two
     * segments (Axon assigns a call to a segment by its identifier's {@code hashCode} masked by the segment's mask).
     */
    static final int BUCKETS = 64;
    static final String MARKERS = "applied";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    /** One event's moves, with what makes it countable once: its call, its bucket and its global index. */
    private record Count(String callUuid, String bucket, long globalIndex, Counters counters) {
    }

    private final ProjectionRuntime runtime;
    private final String collection;
    private final String keyName;
    private final Map<String, String> keysOfCalls = new HashMap<>();
    private final List<Count> counts = new ArrayList<>();

    CounterBatch(ProjectionRuntime runtime, String collection, String keyName) {
        this.runtime = runtime;
        this.collection = collection;
        this.keyName = keyName;
    }

    /** The collection that keeps the key of each call counted. */
    static String keysOf(String collection) {
        return collection + "_calls";
    }

    /** Counts under {@code key}, or under the call's key when {@code key} is null. */
    void count(String callUuid, String key, long globalIndex, Counters counters) {
        if (key != null) {
            keysOfCalls.put(callUuid, key);
        }
        counts.add(new Count(callUuid, "s" + (Objects.hashCode(callUuid) & (BUCKETS - 1)), globalIndex, counters));
    }

    @Override
    protected boolean isEmpty() {
        return counts.isEmpty();
    }

    @Override
    protected void write() {
        Map<String, String> keys = keysOfCountedCalls();
        Map<String, Map<String, Long>> markers = storedMarkers(new HashSet<>(keys.values()));
        Map<String, Counters> totals = new LinkedHashMap<>();
        Map<String, Map<String, Long>> newMarkers = new HashMap<>();
        for (Count count : counts) {
            String key = keys.get(count.callUuid());
            if (key == null) {
                continue; // a call never counted under a key: nothing to count it under
            }
            if (count.globalIndex() > markers.getOrDefault(key, Map.of()).getOrDefault(count.bucket(), -1L)) {
                totals.computeIfAbsent(key, k -> new Counters()).addAll(count.counters());
                newMarkers.computeIfAbsent(key, k -> new HashMap<>())
                        .merge(count.bucket(), count.globalIndex(), Math::max);
            }
        }
        List<WriteModel<Document>> updates = new ArrayList<>(totals.size());
        totals.forEach((key, counters) -> {
            List<Bson> changes = new ArrayList<>();
            counters.whole.forEach((field, amount) -> changes.add(Updates.inc(field, amount)));
            counters.decimal.forEach((field, amount) -> changes.add(Updates.inc(field, new Decimal128(amount))));
            newMarkers.get(key).forEach((bucket, index) -> changes.add(Updates.set(MARKERS + "." + bucket, index)));
            updates.add(new UpdateOneModel<>(Filters.eq("_id", key), Updates.combine(changes), UPSERT));
        });
        counts.clear();
        keysOfCalls.clear();
        runtime.write(collection, updates);
    }

    /** Per key, per bucket: the global index of the last event counted, as stored. */
    private Map<String, Map<String, Long>> storedMarkers(java.util.Set<String> keys) {
        Map<String, Map<String, Long>> markers = new HashMap<>();
        runtime.forEachIn(collection, "_id", keys, new Document(MARKERS, 1), document -> {
            Map<String, Long> applied = new HashMap<>();
            Document stored = document.get(MARKERS, Document.class);
            if (stored != null) {
                stored.forEach((bucket, index) -> applied.put(bucket, ((Number) index).longValue()));
            }
            markers.put((String) document.get("_id"), applied);
        });
        return markers;
    }

    /**
     * The key of every call counted in this batch: those given a key in it are recorded first (so that they are known
     * when the batch is delivered again), the others are read.
     */
    private Map<String, String> keysOfCountedCalls() {
        List<WriteModel<Document>> records = new ArrayList<>(keysOfCalls.size());
        keysOfCalls.forEach((call, key) -> records.add(ProjectionRuntime.replacement(
                new Document("_id", call).append(keyName, key))));
        runtime.write(keysOf(collection), records);
        Map<String, String> keys = new HashMap<>(keysOfCalls);
        List<String> unknown = counts.stream().map(Count::callUuid).filter(call -> !keys.containsKey(call))
                .distinct().toList();
        if (!unknown.isEmpty()) {
            runtime.forEachIn(keysOf(collection), "_id", unknown, null,
                    document -> keys.put((String) document.get("_id"), document.getString(keyName)));
        }
        return keys;
    }
}
