package io.calllog.query.report;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One campaign's running totals in the {@code campaign_stats} collection, as {@link CampaignStatsProjection} keeps
 * them: counters only, each moved by {@code $inc} (so a counter never moved is absent: null here).
 *
 * @param calls          calls started
 * @param statuses       calls per status; a call counts as {@code in-progress} until it completes
 * @param endedCalls     calls that completed (whatever their status), the calls that have a duration
 * @param totalDuration  seconds, summed over the ended calls
 * @param callsPerDay    calls started per UTC day ({@code 2026-04-20})
 * @param linesPerRole   transcript lines per speaker role
 * @param applied        per bucket of calls, the global index of the last event counted (the runtime's markers, see
 *                       {@link io.calllog.query.projection.CounterProjection})
 */
@Document(CampaignStatsDocument.COLLECTION)
public record CampaignStatsDocument(@Id String campaignUuid,
                                    Long calls,
                                    Map<String, Long> statuses,
                                    Long endedCalls,
                                    Long totalDuration,
                                    @Field(targetType = FieldType.DECIMAL128) BigDecimal totalCost,
                                    Map<String, Long> callsPerDay,
                                    Map<String, Long> linesPerRole,
                                    Map<String, Long> applied) {

    public static final String COLLECTION = "campaign_stats";
}
