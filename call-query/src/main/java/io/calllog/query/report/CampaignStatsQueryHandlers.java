package io.calllog.query.report;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Answers the report queries from the {@code campaign_stats} and {@code campaign_days} collections, each read by its
 * {@code _id} index (a campaign's days by an anchored prefix of it).
 */
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

    @QueryHandler
    List<CampaignDayView> handle(FindCampaignDays query) {
        // a literal prefix (a uuid's only regex character is '.'), which MongoDB answers from the _id index
        String prefix = query.campaignUuid().replace(".", "\\.") + "/";
        Query days = new Query(Criteria.where("_id").regex("^" + prefix))
                .with(Sort.by("_id"));
        return mongo.find(days, CampaignDayDocument.class).stream().map(CampaignDayView::of).toList();
    }
}
