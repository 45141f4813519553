package io.calllog.query.report;

/** A page of campaign reports, in campaign uuid order. */
public record ListCampaignStats(int page, int limit) {
}
