package io.calllog.query.report;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.projection.CounterProjection;
import io.calllog.query.projection.ProjectionRuntime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;

/**
 * The {@code campaign-stats} report: per campaign, calls per status, total and average duration, total cost, calls
 * per UTC day and transcript lines per speaker role ({@link CampaignStatsDocument}). Its own processing group,
 * starting at the beginning of the event store, so that the report shows the whole past the first time it is
 * deployed. Counting each event exactly once, in bulk, and the campaign of a call's later events are the projection
 * runtime's ({@link CounterProjection}).
 */
@Component
@ProcessingGroup(CampaignStatsProjection.PROCESSING_GROUP)
public class CampaignStatsProjection extends CounterProjection {

    public static final String PROCESSING_GROUP = "campaign-stats";

    public CampaignStatsProjection(ProjectionRuntime runtime) {
        super(runtime, CampaignStatsDocument.COLLECTION, "campaignUuid");
    }

    @EventHandler
    void on(CallStarted event) {
        count(event.campaignUuid(), counters -> counters
                .add("calls", 1)
                .add("statuses.in-progress", 1)
                .add("callsPerDay." + event.startedAt().atOffset(ZoneOffset.UTC).toLocalDate(), 1));
    }

    @EventHandler
    void on(TranscriptLineAppended event) {
        countUnderKeyOfCall(counters -> counters.add("linesPerRole." + event.role(), 1));
    }

    @EventHandler
    void on(CallCompleted event) {
        countUnderKeyOfCall(counters -> counters
                .add("statuses.in-progress", -1)
                .add("statuses." + event.status(), 1)
                .add("endedCalls", 1)
                .add("totalDuration", event.durationSeconds())
                .add("totalCost", event.cost()));
    }
}
