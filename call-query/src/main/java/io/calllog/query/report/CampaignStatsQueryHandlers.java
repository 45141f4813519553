package io.calllog.query.report;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers the report queries from the {@code campaign_stats} collection (ordered by {@code _id}, its own index). */
@Component
class CampaignStatsQueryHandlers {

    private final MongoTemplate mongo;

    CampaignStatsQueryHandlers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    Optional<CampaignStatsView> handle(FindCampaignStats query) {
        return Optional.ofNullable(mongo.findById(query.campaignUuid(), CampaignStatsDocument.class))
                .map(CampaignStatsView::of);
    }

    @QueryHandler
    CampaignStatsPage handle(ListCampaignStats query) {
        Query all = new Query();
        long total = mongo.count(all, CampaignStatsDocument.class);
        all.with(Sort.by("_id")).skip((long) (query.page() - 1) * query.limit()).limit(query.limit());
        return new CampaignStatsPage(mongo.find(all, CampaignStatsDocument.class).stream()
                .map(CampaignStatsView::of).toList(), total, query.page(), query.limit());
    }
}
