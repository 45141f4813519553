package io.calllog.query.projection;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

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
    /**
     * How many keys one {@code $in} lookup names ({@link #forEachIn}). mongo-java-server finds the documents by its
     * unique index, then matches each against the whole query, and it matches {@code $in} by walking its list: a
     * lookup of n keys costs n squared comparisons (each normalising both values). Measured on the embedded default
     * (docs/benchmarks.md): 60% of the server's time in an export went to that walk with 500 keys a lookup, and
     * lookups of 100 made the export 1.2-1.9x faster. MongoDB answers {@code $in} from the index in either case; a
     * hundred keys a round trip costs it nothing measurable.
     */
    public static final int IN_CHUNK = 100;

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

    /**
     * Hands {@code each} the documents of {@code collection} whose {@code field} is one of {@code keys} (with only
     * the fields of {@code projection}; null: whole documents), read {@value #IN_CHUNK} keys at a time, in no
     * particular order.
     */
    public void forEachIn(String collection, String field, Collection<?> keys, Bson projection,
                          Consumer<Document> each) {
        List<?> all = keys instanceof List<?> list ? list : new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<?> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            mongo.getCollection(collection).find(Filters.in(field, chunk)).projection(projection).forEach(each);
        }
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
        if (first == null || (entry != null && entry.keySet().equals(entryOf(mirror, first).keySet()))) {
            return;
        }
        long added = inChunks(mirror.source(), new Document(), documents -> write(mirror.collection(),
                new ArrayList<>(documents.stream().map(document -> replacement(entryOf(mirror, document))).toList())));
        log.info("Filled {} with the entries of {} documents of {}", mirror.collection(), added, mirror.source());
    }

    /**
     * Gives every document of {@code collection} that has no ordinal one, with its terms in the index (documents
     * written before the index existed, or before a crash between the index's writes and theirs), and writes their
     * mirrors' entries again; in chunks ({@link #inChunks}). Runs at start, before processors handle events.
     */
    <D> void fillTermIndex(String collection, Class<D> type, TermIndex<D> terms) {
        upgradeTermIndex(collection, terms);
        long numbered = inChunks(collection, Filters.exists(DocumentProjection.ORDINAL_FIELD, false),
                documents -> number(collection, type, terms, documents));
        if (numbered > 0) {
            log.info("Indexed the terms of {} documents of {} in {}", numbered, collection, terms.collection());
        }
    }

    /**
     * Hands the documents of {@code collection} that match {@code filter} to {@code handle}, {@value #BACKFILL_CHUNK}
     * at a time, and answers the sum of what it answers. It first reads the matching ids alone (tens of bytes each),
     * then each chunk's documents by {@code _id}: a cursor over whole documents would have the embedded
     * mongo-java-server hold every match in memory (it keeps a cursor's remaining documents in a list), and without a
     * batch size answer them in one reply, which failed at 100,000 calls (72 MB, above the driver's 48 MB limit).
     */
    private long inChunks(String collection, Bson filter, ToIntFunction<List<Document>> handle) {
        List<Object> ids = new ArrayList<>();
        mongo.getCollection(collection).find(filter).projection(Projections.include("_id")).batchSize(BACKFILL_CHUNK)
                .forEach(document -> ids.add(document.get("_id")));
        long handled = 0;
        for (int from = 0; from < ids.size(); from += BACKFILL_CHUNK) {
            List<Object> chunk = ids.subList(from, Math.min(ids.size(), from + BACKFILL_CHUNK));
            List<Document> documents = new ArrayList<>(chunk.size());
            forEachIn(collection, "_id", chunk, null, documents::add);
            handled += handle.applyAsInt(documents);
        }
        return handled;
    }

    /**
     * Drops an index built by another {@link TermIndex#version()} of its terms, and the ordinals of the documents
     * (and of their mirrors' entries), so that {@link #fillTermIndex} indexes them all again; then records the
     * version. An index with no version recorded but ordinals handed out was written by version 1.
     */
    private void upgradeTermIndex(String collection, TermIndex<?> terms) {
        Document recorded = mongo.getCollection(terms.collection()).find(Filters.eq("_id", TermPostings.VERSION))
                .first();
        int version = recorded != null ? ((Number) recorded.get("v")).intValue()
                : TermPostings.handedOut(this, terms.collection()) > 0 ? 1 : terms.version();
        if (version != terms.version()) {
            log.info("The term index {} was built by version {} of its terms, not {}: indexing every document of {}"
                    + " again", terms.collection(), version, terms.version(), collection);
            mongo.dropCollection(terms.collection());
            Document unset = new Document("$unset", new Document(DocumentProjection.ORDINAL_FIELD, ""));
            mongo.getCollection(collection).updateMany(Filters.exists(DocumentProjection.ORDINAL_FIELD), unset);
            mirrorsOf(collection).forEach(mirror -> mongo.getCollection(mirror.collection())
                    .updateMany(Filters.exists(DocumentProjection.ORDINAL_FIELD), unset));
        }
        recordTermIndexVersion(terms);
    }

    /** Records which {@link TermIndex#version()} of its terms the index holds. */
    void recordTermIndexVersion(TermIndex<?> terms) {
        mongo.getCollection(terms.collection()).updateOne(Filters.eq("_id", TermPostings.VERSION),
                Updates.set("v", terms.version()), new UpdateOptions().upsert(true));
    }

    private <D> int number(String collection, Class<D> type, TermIndex<D> terms, List<Document> documents) {
        if (documents.isEmpty()) {
            return 0;
        }
        long next = TermPostings.reserve(this, terms.collection(), documents.size());
        TermPostings postings = new TermPostings();
        List<WriteModel<Document>> numbers = new ArrayList<>(documents.size());
        for (Document document : documents) {
            long ordinal = next++;
            D read = mongo.getConverter().read(type, document);
            postings.change(ordinal, Map.of(), terms.termsOf(read), terms.sortKeyOf(read));
            document.put(DocumentProjection.ORDINAL_FIELD, ordinal);
            numbers.add(new UpdateOneModel<>(Filters.eq("_id", document.get("_id")),
                    Updates.set(DocumentProjection.ORDINAL_FIELD, ordinal)));
        }
        write(terms.collection(), postings.writes());
        for (DocumentMirror mirror : mirrorsOf(collection)) {
            write(mirror.collection(), new ArrayList<>(documents.stream()
                    .map(document -> replacement(entryOf(mirror, document))).toList()));
        }
        int written = write(collection, numbers);
        documents.clear();
        return written;
    }

    /**
     * A unique index on the ordinal of the documents of {@code collection} and of its mirrors (sparse: a document is
     * numbered when it is first written), by which {@link TermSearch} looks them up.
     */
    void createOrdinalIndexes(String collection) {
        Index ordinal = new Index().on(DocumentProjection.ORDINAL_FIELD, Sort.Direction.ASC).unique().sparse()
                .named(DocumentProjection.ORDINAL_FIELD);
        mongo.indexOps(collection).createIndex(ordinal);
        mirrorsOf(collection).forEach(mirror -> mongo.indexOps(mirror.collection()).createIndex(ordinal));
    }

    /**
     * The mirror's entry of a document, with the document's ordinal when it has one (the runtime's field, like
     * {@value DocumentProjection#SEQUENCE_FIELD}: searches look entries up by it, whatever the mirror keeps).
     */
    static Document entryOf(DocumentMirror mirror, Document document) {
        Document entry = mirror.entryOf(document);
        Object ordinal = document.get(DocumentProjection.ORDINAL_FIELD);
        if (ordinal != null) {
            entry.put(DocumentProjection.ORDINAL_FIELD, ordinal);
        }
        return entry;
    }

    /**
     * Deletes those of these postings that hold no document any more: a term no document holds leaves nothing behind
     * (an erased call's words must not stay in the index's ids). The postings are read by {@code _id} first, and only
     * those found empty are deleted, on condition that they still are (another segment may have added to one since).
     * mongo-java-server answers that condition, a query on {@code _id} and another field, by scanning the whole
     * collection: once, with every empty posting named, rather than once per {@value #IN_CHUNK} of them. Run for every
     * batch that pulled an offset, that scan failed on a large index with H2's "Chunk not found" (a scan that outlives
     * the store's retention of the chunks it reads; docs/benchmarks.md); only postings of terms that
     * {@link TermIndex#dropsEmpty drop when empty} are given here, and those rarely empty (an erasure, a summary
     * replaced), so the scan is now rare.
     */
    void dropEmptyPostings(String collection, List<String> ids) {
        List<Object> empty = new ArrayList<>();
        forEachIn(collection, "_id", ids, Projections.include(TermPostings.OFFSETS), posting -> {
            if (posting.getList(TermPostings.OFFSETS, Object.class, List.of()).isEmpty()) {
                empty.add(posting.get("_id"));
            }
        });
        if (!empty.isEmpty()) {
            mongo.getCollection(collection).deleteMany(Filters.and(Filters.in("_id", empty),
                    Filters.size(TermPostings.OFFSETS, 0)));
        }
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
