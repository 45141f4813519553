package io.calllog.query.report;

import io.calllog.events.SpeakerRole;
import io.calllog.query.call.CallView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
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
@Schema(name = "CampaignReport", requiredProperties = {"campaignUuid", "calls", "callsPerStatus", "totalDuration",
        "averageDuration", "totalCost", "callsPerDay", "transcriptLinesPerRole"})
public record CampaignStatsView(String campaignUuid,
                                @Schema(description = "Calls started") long calls,
                                @Schema(description = "Every status, in-progress included, with 0 for none")
                                Map<String, Long> callsPerStatus,
                                @Schema(description = "Seconds, over the calls that ended") long totalDuration,
                                @Schema(nullable = true, description = "Seconds per ended call, two decimals; null "
                                        + "while no call has ended") BigDecimal averageDuration,
                                @Schema(description = "Summed cost of the ended calls") BigDecimal totalCost,
                                @Schema(description = "Calls started per UTC day (yyyy-MM-dd), oldest first")
                                Map<String, Long> callsPerDay,
                                @Schema(description = "Transcript lines per speaker role, both roles always present")
                                Map<String, Long> transcriptLinesPerRole) {

    static final List<String> ROLES = Arrays.stream(SpeakerRole.values()).map(SpeakerRole::toString).toList();

    static CampaignStatsView of(CampaignStatsDocument document) {
        long endedCalls = orZero(document.endedCalls());
        long totalDuration = orZero(document.totalDuration());
        return new CampaignStatsView(document.campaignUuid(),
                orZero(document.calls()),
                allOf(CallView.STATUSES, document.statuses()),
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
