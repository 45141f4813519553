package io.calllog.query.call;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code call_list} entries of a read model written before that collection existed, once, at start: when
 * {@code calls} has documents and {@code call_list} has none. Without it, an upgraded read model would list nothing
 * until the {@code calls} projection is replayed.
 * <p>
 * It runs beside the projection, so it only inserts entries that are missing ({@code $setOnInsert}): an entry the
 * projection has written meanwhile is newer and stays.
 */
@Component
class CallListBackfill implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(CallListBackfill.class);
    private static final int CHUNK = 1_000;
    private static final List<String> FIELDS = List.of("campaignUuid", "recordUuid", "status", "createdAt");

    private final MongoTemplate mongo;

    CallListBackfill(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (mongo.getCollection(CallListEntry.COLLECTION).find().limit(1).first() != null
                || mongo.getCollection(CallDocument.COLLECTION).find().limit(1).first() == null) {
            return;
        }
        long added = 0;
        List<UpdateOneModel<Document>> chunk = new ArrayList<>(CHUNK);
        for (Document call : mongo.getCollection(CallDocument.COLLECTION).find().projection(Projections.include(FIELDS))) {
            Document fields = new Document();
            FIELDS.forEach(field -> fields.append(field, call.get(field)));
            chunk.add(new UpdateOneModel<>(Filters.eq("_id", call.get("_id")), Updates.setOnInsert(fields),
                    new UpdateOptions().upsert(true)));
            if (chunk.size() == CHUNK) {
                added += write(chunk);
            }
        }
        added += write(chunk);
        log.info("Listed {} calls of a read model written before the call_list collection existed", added);
    }

    private int write(List<UpdateOneModel<Document>> chunk) {
        if (chunk.isEmpty()) {
            return 0;
        }
        int upserted = mongo.getCollection(CallListEntry.COLLECTION)
                .bulkWrite(chunk, new BulkWriteOptions().ordered(false)).getUpserts().size();
        chunk.clear();
        return upserted;
    }
}
