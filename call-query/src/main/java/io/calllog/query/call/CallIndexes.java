package io.calllog.query.call;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The indexes of the {@code call_list} collection, which list queries search (the {@code calls} collection is read by
 * {@code _id} only), created at start (creating an existing index is a no-op). Every list
 * query filters on equality fields and a {@code createdAt} range and sorts by {@code createdAt} descending then
 * {@code _id}: each index is equality fields followed by that sort, so a filter is served by the index whose
 * equality fields it names (a {@code recordUuid} filter, the most selective, by the {@code recordUuid} one).
 */
@Component
class CallIndexes implements SmartInitializingSingleton {

    /** Equality fields of each index, each followed by {@code createdAt: -1, _id: 1}. */
    static final List<List<String>> EQUALITY_PREFIXES = List.of(
            List.of(),
            List.of("campaignUuid"),
            List.of("campaignUuid", "status"),
            List.of("status"),
            List.of("recordUuid"));

    private final MongoTemplate mongo;

    CallIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        create();
    }

    /** Creates the indexes (a no-op for those that exist): at start, and after a replay dropped the collection. */
    void create() {
        var indexes = mongo.indexOps(CallListEntry.COLLECTION);
        for (List<String> prefix : EQUALITY_PREFIXES) {
            Index index = new Index().named(name(prefix));
            prefix.forEach(field -> index.on(field, Sort.Direction.ASC));
            index.on("createdAt", Sort.Direction.DESC).on("_id", Sort.Direction.ASC);
            indexes.createIndex(index);
        }
    }

    static String name(List<String> prefix) {
        return (prefix.isEmpty() ? "" : String.join("_", prefix) + "_") + "createdAt_id";
    }
}
