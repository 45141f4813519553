package io.calllog.query.call;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Answers the call queries from the {@code calls} collection. */
@Component
class CallQueryHandlers {

    static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id"));

    private final MongoTemplate mongo;

    CallQueryHandlers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    Optional<CallView> handle(FindCall query) {
        return Optional.ofNullable(mongo.findById(query.uuid(), CallDocument.class)).map(CallView::of);
    }

    @QueryHandler
    CallPage handle(FindCalls query) {
        Query matching = Query.query(criteria(query.filter()));
        long total = mongo.count(matching, CallDocument.class);
        matching.with(NEWEST_FIRST).skip((long) (query.page() - 1) * query.limit()).limit(query.limit());
        return new CallPage(mongo.find(matching, CallDocument.class).stream().map(CallView::of).toList(),
                total, query.page(), query.limit());
    }

    static Criteria criteria(CallFilter filter) {
        Criteria criteria = new Criteria();
        if (filter.campaignUuid() != null) {
            criteria.and("campaignUuid").is(filter.campaignUuid());
        }
        if (filter.status() != null) {
            criteria.and("status").is(filter.status());
        }
        if (filter.recordUuid() != null) {
            criteria.and("recordUuid").is(filter.recordUuid());
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria createdAt = criteria.and("createdAt");
            if (filter.from() != null) {
                createdAt.gte(Date.from(filter.from()));
            }
            if (filter.to() != null) {
                createdAt.lt(Date.from(filter.to()));
            }
        }
        return criteria;
    }
}
