package io.calllog.query.report;

import io.calllog.query.call.CallView;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One day of a campaign: the calls started that UTC day, per status (every status, {@code in-progress} included, with
 * 0 for none, in {@link CallView#STATUSES} order), and what those that ended cost.
 */
public record CampaignDayView(LocalDate day, long calls, Map<String, Long> callsPerStatus, BigDecimal cost) {

    static CampaignDayView of(CampaignDayDocument document) {
        Map<String, Long> perStatus = new LinkedHashMap<>();
        CallView.STATUSES.forEach(status -> perStatus.put(status,
                document.statuses() == null ? 0L : document.statuses().getOrDefault(status, 0L)));
        return new CampaignDayView(document.day(), document.calls() == null ? 0 : document.calls(), perStatus,
                document.cost() == null ? BigDecimal.ZERO : document.cost());
    }
}
