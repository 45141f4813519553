package io.calllog.query.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One campaign's report, as {@code GET /api/reports/campaigns} answers it.
 *
 * @param calls                  calls started
 * @param callsPerStatus         every status, {@code in-progress} included, with 0 for none
 * @param totalDuration          seconds, over the calls that ended
 * @param averageDuration        seconds per ended call, two decimals; null while no call has ended
 * @param totalCost              summed cost of the ended calls
 * @param callsPerDay            calls started per UTC day, oldest first
 * @param transcriptLinesPerRole transcript lines per speaker role, both roles always present
 */
public record CampaignStatsView(String campaignUuid,
                                long calls,
                                Map<String, Long> callsPerStatus,
                                long totalDuration,
                                BigDecimal averageDuration,
                                BigDecimal totalCost,
                                Map<String, Long> callsPerDay,
                                Map<String, Long> transcriptLinesPerRole) {

    static final List<String> STATUSES = List.of("in-progress", "completed", "failed", "busy", "no-answer");
    static final List<String> ROLES = List.of("assistant", "user");

    static CampaignStatsView of(CampaignStatsDocument document) {
        long endedCalls = orZero(document.endedCalls());
        long totalDuration = orZero(document.totalDuration());
        return new CampaignStatsView(document.campaignUuid(),
                orZero(document.calls()),
                allOf(STATUSES, document.statuses()),
                totalDuration,
                endedCalls == 0 ? null : BigDecimal.valueOf(totalDuration)
                        .divide(BigDecimal.valueOf(endedCalls), 2, RoundingMode.HALF_UP),
                document.totalCost() == null ? BigDecimal.ZERO : document.totalCost(),
                document.callsPerDay() == null ? Map.of() : new TreeMap<>(document.callsPerDay()),
                allOf(ROLES, document.linesPerRole()));
    }

    private static long orZero(Long counter) {
        return counter == null ? 0 : counter;
    }

    private static Map<String, Long> allOf(List<String> keys, Map<String, Long> counts) {
        Map<String, Long> all = new LinkedHashMap<>();
        keys.forEach(key -> all.put(key, counts == null ? 0L : counts.getOrDefault(key, 0L)));
        return all;
    }
}
