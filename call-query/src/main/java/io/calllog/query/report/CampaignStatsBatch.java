package io.calllog.query.report;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.calllog.query.projection.ProjectionBatch;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.in;

/**
 * The counter moves of one batch of events, written as: the campaigns of calls started in the batch, then one
 * {@code $inc} per campaign (with its bucket markers), each list as one bulk write. See
 * {@link CampaignStatsProjection} for why counting stays exact when a batch is delivered again.
 */
final class CampaignStatsBatch extends ProjectionBatch {

    static final String CALLS_COLLECTION = "campaign_stats_calls";
    /**
     * Buckets of calls: at least the processor's segment count, and a power of two, so that a bucket never spans two
     * segments (Axon assigns a call to a segment by its identifier's {@code hashCode} masked by the segment's mask).
     */
    static final int BUCKETS = 64;

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    /** One event's counter moves, with what makes it countable once: its call, bucket and global index. */
    private record Count(String callUuid, String bucket, long globalIndex, Counters counters) {
    }

    /** Counter moves by field path, and a cost (kept apart: it is a decimal). */
    static final class Counters {
        private final Map<String, Long> increments = new LinkedHashMap<>();
        private BigDecimal cost = BigDecimal.ZERO;

        Counters add(String field, long amount) {
            increments.merge(field, amount, Long::sum);
            return this;
        }

        Counters addCost(BigDecimal amount) {
            cost = cost.add(amount);
            return this;
        }

        void addAll(Counters other) {
            other.increments.forEach(this::add);
            addCost(other.cost);
        }
    }

    private final MongoTemplate mongo;
    private final Map<String, String> startedCampaigns = new HashMap<>();
    private final List<Count> counts = new ArrayList<>();

    CampaignStatsBatch(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void campaignOf(String callUuid, String campaignUuid) {
        startedCampaigns.put(callUuid, campaignUuid);
    }

    void count(String callUuid, TrackingToken token, Consumer<Counters> moves) {
        long globalIndex = token.position().orElseThrow(
                () -> new IllegalStateException("a tracking token without a position: " + token));
        Counters counters = new Counters();
        moves.accept(counters);
        counts.add(new Count(callUuid, "s" + (Objects.hashCode(callUuid) & (BUCKETS - 1)), globalIndex, counters));
    }

    @Override
    protected boolean isEmpty() {
        return counts.isEmpty() && startedCampaigns.isEmpty();
    }

    @Override
    protected void write() {
        Map<String, String> campaigns = campaignsOfCountedCalls();
        // per campaign, per bucket: the counts not yet applied, judged against the markers stored
        Map<String, Map<String, Long>> markers = new HashMap<>();
        mongo.getCollection(CampaignStatsDocument.COLLECTION)
                .find(in("_id", new ArrayList<>(new HashSet<>(campaigns.values()))))
                .projection(new Document("applied", 1))
                .forEach(doc -> {
                    Map<String, Long> applied = new HashMap<>();
                    Document stored = doc.get("applied", Document.class);
                    if (stored != null) {
                        stored.forEach((bucket, index) -> applied.put(bucket, ((Number) index).longValue()));
                    }
                    markers.put(doc.getString("_id"), applied);
                });
        Map<String, Counters> totals = new LinkedHashMap<>();
        Map<String, Map<String, Long>> newMarkers = new HashMap<>();
        for (Count count : counts) {
            String campaign = campaigns.get(count.callUuid());
            if (campaign == null) {
                continue; // a call whose start was never seen: nothing to count it under
            }
            long marker = markers.getOrDefault(campaign, Map.of()).getOrDefault(count.bucket(), -1L);
            if (count.globalIndex() > marker) {
                totals.computeIfAbsent(campaign, c -> new Counters()).addAll(count.counters());
                newMarkers.computeIfAbsent(campaign, c -> new HashMap<>())
                        .merge(count.bucket(), count.globalIndex(), Math::max);
            }
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>(totals.size());
        totals.forEach((campaign, counters) -> {
            List<Bson> changes = new ArrayList<>();
            counters.increments.forEach((field, amount) -> changes.add(Updates.inc(field, amount)));
            changes.add(Updates.inc("totalCost", new Decimal128(counters.cost)));
            newMarkers.get(campaign).forEach((bucket, index) -> changes.add(Updates.set("applied." + bucket, index)));
            updates.add(new UpdateOneModel<>(Filters.eq("_id", campaign), Updates.combine(changes),
                    new UpdateOptions().upsert(true)));
        });
        counts.clear();
        startedCampaigns.clear();
        if (!updates.isEmpty()) {
            mongo.getCollection(CampaignStatsDocument.COLLECTION).bulkWrite(updates, UNORDERED);
        }
    }

    /**
     * The campaign of every call counted in this batch: those started in it are recorded first (so that they are
     * known when the batch is delivered again), the others are read.
     */
    private Map<String, String> campaignsOfCountedCalls() {
        if (!startedCampaigns.isEmpty()) {
            List<ReplaceOneModel<Document>> records = new ArrayList<>(startedCampaigns.size());
            startedCampaigns.forEach((call, campaign) -> records.add(new ReplaceOneModel<>(Filters.eq("_id", call),
                    new Document("_id", call).append("campaignUuid", campaign), new ReplaceOptions().upsert(true))));
            mongo.getCollection(CALLS_COLLECTION).bulkWrite(records, UNORDERED);
        }
        Map<String, String> campaigns = new HashMap<>(startedCampaigns);
        List<String> unknown = counts.stream().map(Count::callUuid).filter(call -> !campaigns.containsKey(call))
                .distinct().toList();
        if (!unknown.isEmpty()) {
            mongo.getCollection(CALLS_COLLECTION).find(in("_id", unknown))
                    .forEach(doc -> campaigns.put(doc.getString("_id"), doc.getString("campaignUuid")));
        }
        return campaigns;
    }
}
