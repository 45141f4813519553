package io.calllog.query.report;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.projection.ProjectionBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * The {@code campaign-stats} report: per campaign, calls per status, total and average duration, total cost, calls
 * per UTC day and transcript lines per speaker role. Its own processing group, starting at the beginning of the
 * event store, so that the report shows the whole past the first time it is deployed.
 * <p>
 * Counters are moved by {@code $inc}, which is not idempotent by itself; exactly-once counting comes from markers:
 * calls are split into {@value CampaignStatsBatch#BUCKETS} buckets by the same hash that assigns them to the
 * processor's segments, and each campaign document keeps, per bucket, the global index of the last event it counted
 * (updated in the same atomic document write as the counters). A bucket lies within one segment however the segments
 * are split or merged, and a segment handles events in global order, so an event at or below its bucket's marker has
 * been counted: a batch delivered again after a crash changes nothing.
 * <p>
 * Completions and transcript lines do not name their campaign: the projection keeps each call's campaign in
 * {@code campaign_stats_calls}, written before the counters.
 */
@Component
@ProcessingGroup(CampaignStatsProjection.PROCESSING_GROUP)
public class CampaignStatsProjection {

    public static final String PROCESSING_GROUP = "campaign-stats";

    private final MongoTemplate mongo;

    public CampaignStatsProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(CallStarted event, TrackingToken token) {
        stage(batch -> {
            batch.campaignOf(event.callUuid(), event.campaignUuid());
            batch.count(event.callUuid(), token, counters -> counters
                    .add("calls", 1)
                    .add("statuses.in-progress", 1)
                    .add("callsPerDay." + event.startedAt().atOffset(ZoneOffset.UTC).toLocalDate(), 1));
        });
    }

    @EventHandler
    void on(TranscriptLineAppended event, TrackingToken token) {
        stage(batch -> batch.count(event.callUuid(), token, counters -> counters.add("linesPerRole." + event.role(), 1)));
    }

    @EventHandler
    void on(CallCompleted event, TrackingToken token) {
        stage(batch -> batch.count(event.callUuid(), token, counters -> counters
                .add("statuses.in-progress", -1)
                .add("statuses." + event.status(), 1)
                .add("endedCalls", 1)
                .add("totalDuration", event.durationSeconds())
                .addCost(event.cost())));
    }

    @ResetHandler
    void dropAll() {
        mongo.dropCollection(CampaignStatsDocument.COLLECTION);
        mongo.dropCollection(CampaignStatsBatch.CALLS_COLLECTION);
    }

    private void stage(Consumer<CampaignStatsBatch> change) {
        ProjectionBatch.stage(CampaignStatsBatch.class, () -> new CampaignStatsBatch(mongo), change);
    }
}
