package io.calllog.query.report;

/** Query: a campaign's days, oldest first; answers a list of {@link CampaignDayView} (empty for no calls). */
public record FindCampaignDays(String campaignUuid) {
}
