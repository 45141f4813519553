package io.calllog.query.report;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.query.projection.CounterProjection;
import io.calllog.query.projection.ProjectionRuntime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;

/**
 * The {@code campaign-days} report: per campaign and UTC day of the calls' start, calls per status and their cost
 * ({@link CampaignDayDocument}), what the dashboard's campaign chart draws. A call is counted under the day it started
 * on, also when it ends the next day, so that a day's bars add up to the calls started that day. Its own processing
 * group, starting at the beginning of the event store, so that it shows the whole past the first time it is deployed.
 */
@Component
@ProcessingGroup(CampaignDaysProjection.PROCESSING_GROUP)
public class CampaignDaysProjection extends CounterProjection {

    public static final String PROCESSING_GROUP = "campaign-days";

    public CampaignDaysProjection(ProjectionRuntime runtime) {
        super(runtime, CampaignDayDocument.COLLECTION, "campaignDay");
    }

    @EventHandler
    void on(CallStarted event) {
        count(CampaignDayDocument.key(event.campaignUuid(), event.startedAt().atOffset(ZoneOffset.UTC).toLocalDate()),
                counters -> counters.add("calls", 1).add("statuses.in-progress", 1));
    }

    @EventHandler
    void on(CallCompleted event) {
        countUnderKeyOfCall(counters -> counters
                .add("statuses.in-progress", -1)
                .add("statuses." + event.status(), 1)
                .add("cost", event.cost()));
    }
}
