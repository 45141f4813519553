package io.calllog.query.report;

import java.util.List;

/** A page of campaign reports, in campaign uuid order, with the same envelope as the Calls API's list. */
public record CampaignStatsPage(List<CampaignStatsView> campaigns, long total, int page, int limit) {
}
