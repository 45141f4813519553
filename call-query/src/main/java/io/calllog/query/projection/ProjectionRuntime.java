package io.calllog.query.projection;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * What the projections share, so that a projection is only its domain logic: the read model's database, the
 * {@link DocumentMirror mirrors} declared for its collections, and the writes every projection makes the same way.
 * A projection extends {@link DocumentProjection} (one document per call) or {@link CounterProjection} (counters per
 * key) and is given this bean; batching ({@link ProjectionBatch}), the guards that make a redelivered event a no-op,
 * coalescing and bulk writes, replays (the reset drops what the projection wrote) and dead letters
 * ({@link ProjectionConfiguration}) are the runtime's.
 */
@Component
public class ProjectionRuntime implements SmartInitializingSingleton {

    static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final Logger log = LoggerFactory.getLogger(ProjectionRuntime.class);
    private static final int BACKFILL_CHUNK = 1_000;

    private final MongoTemplate mongo;
    private final List<DocumentMirror> mirrors;

    @Autowired
    public ProjectionRuntime(MongoTemplate mongo, ObjectProvider<DocumentMirror> mirrors) {
        this(mongo, mirrors.orderedStream().toList());
    }

    /** A runtime with these mirrors (none: {@code List.of()}), for projections made by hand in tests. */
    public ProjectionRuntime(MongoTemplate mongo, List<DocumentMirror> mirrors) {
        this.mongo = mongo;
        this.mirrors = List.copyOf(mirrors);
    }

    MongoTemplate mongo() {
        return mongo;
    }

    List<DocumentMirror> mirrorsOf(String collection) {
        return mirrors.stream().filter(mirror -> mirror.source().equals(collection)).toList();
    }

    /**
     * The collection that queries filtering {@code collection}'s documents should search: its mirror where one is
     * declared, otherwise the collection itself.
     */
    public String searchedCollection(String collection) {
        return mirrorsOf(collection).stream().map(DocumentMirror::collection).findFirst().orElse(collection);
    }

    /** Drops a projected collection and its mirrors (a replay begins). */
    void drop(String collection) {
        mongo.dropCollection(collection);
        mirrorsOf(collection).forEach(mirror -> mongo.dropCollection(mirror.collection()));
    }

    /**
     * Fills every mirror that is empty while its documents are not (a read model written before it was declared),
     * and writes again every entry of a mirror whose entries lack or have fields its entries no longer have (one
     * written by a release that mirrored other fields).
     */
    @Override
    public void afterSingletonsInstantiated() {
        mirrors.forEach(this::fillIfEmptyOrStale);
    }

    void fillIfEmptyOrStale(DocumentMirror mirror) {
        Document first = mongo.getCollection(mirror.source()).find().limit(1).first();
        Document entry = mongo.getCollection(mirror.collection()).find().limit(1).first();
        if (first == null || (entry != null && entry.keySet().equals(mirror.entryOf(first).keySet()))) {
            return;
        }
        long added = 0;
        List<WriteModel<Document>> chunk = new ArrayList<>(BACKFILL_CHUNK);
        for (Document document : mongo.getCollection(mirror.source()).find()) {
            chunk.add(replacement(mirror.entryOf(document)));
            if (chunk.size() == BACKFILL_CHUNK) {
                added += write(mirror.collection(), chunk);
            }
        }
        added += write(mirror.collection(), chunk);
        log.info("Filled {} with the entries of {} documents of {}", mirror.collection(), added, mirror.source());
    }

    /** Writes the models unordered in one bulk write (nothing for none), and clears the list. */
    int write(String collection, List<? extends WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return 0;
        }
        mongo.getCollection(collection).bulkWrite(writes, UNORDERED);
        int written = writes.size();
        writes.clear();
        return written;
    }

    static ReplaceOneModel<Document> replacement(Document document) {
        return new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document, UPSERT);
    }
}
