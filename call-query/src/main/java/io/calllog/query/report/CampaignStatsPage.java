package io.calllog.query.report;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of campaign reports, in campaign uuid order, with the same envelope as the Calls API's list. */
@Schema(name = "CampaignReportPage", requiredProperties = {"campaigns", "total", "page", "limit"})
public record CampaignStatsPage(List<CampaignStatsView> campaigns, long total, int page, int limit) {
}
