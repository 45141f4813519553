package io.calllog.query.report;

/** The report of one campaign. */
public record FindCampaignStats(String campaignUuid) {
}
