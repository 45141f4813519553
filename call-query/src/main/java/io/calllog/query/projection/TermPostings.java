package io.calllog.query.projection;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The layout of a {@link TermIndex} and its writes. Every document of an indexed collection gets an {@code ordinal}
 * (a number handed out once, in the order documents are first written, kept beside the document as
 * {@value DocumentProjection#ORDINAL_FIELD}); the index holds, for each term and each block of {@value #BLOCK}
 * ordinals, one posting document {@code {_id: "<term>|<block>", o: [offsets]}}, the offsets in the block of the
 * documents that hold the term (a term never holds {@code |}). A query reads its terms' postings by {@code _id} (a
 * known, small set of ids: the terms times the blocks handed out so far), intersects them, and looks the documents up
 * by ordinal (a unique index).
 * <p>
 * Writes are the difference between a document before and after a batch: the offsets of the terms it gained are added
 * ({@code $addToSet}, upserting the posting), those of the terms it lost pulled ({@code $pullAll}). Both are atomic per
 * posting document, so segments written at once by different threads or instances never lose each other's numbers
 * (mongo-java-server has no {@code $bit}, which would have allowed bitmaps), and both are no-ops when applied again
 * (a batch delivered again). A batch's new documents have consecutive ordinals, mostly in one block, so a batch
 * updates about one posting per term it touches; blocks bound what each update rewrites (at most {@value #BLOCK}
 * 32-bit numbers, about 10 KB, for a term every document holds). The counter of ordinals is a document of the same
 * collection ({@value #COUNTER}), and so is the version of the terms the index was built by ({@value #VERSION}).
 */
final class TermPostings {

    static final int BLOCK = 1_024;
    static final String COUNTER = "#ordinals";
    /** The id of the document that records the {@link TermIndex#version()} the postings were written by. */
    static final String VERSION = "#version";
    static final String OFFSETS = "o";
    /** Between a term and its block in a posting's id: terms never hold it. */
    static final char SEPARATOR = '|';
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    /**
     * The prefix of the id of a block's summary ({@code {_id: "#max|<block>", max: <greatest sort key>,
     * min: <least>}}; summaries written before {@code min} was kept have none).
     */
    static final String MAXIMUM = "#max";
    private final Map<Long, Long> maxima = new HashMap<>();
    private final Map<Long, Long> minima = new HashMap<>();
    private final Map<String, Set<Integer>> added = new HashMap<>();
    private final Map<String, Set<Integer>> removed = new HashMap<>();

    static String id(String term, long block) {
        return term + SEPARATOR + block;
    }

    /** Records what a document's terms became ({@code before} empty for a new document), and its sort key. */
    void change(long ordinal, Set<String> before, Set<String> after, long sortKey) {
        long block = ordinal / BLOCK;
        maxima.merge(block, sortKey, Math::max);
        minima.merge(block, sortKey, Math::min);
        int offset = (int) (ordinal % BLOCK);
        for (String term : after) {
            if (!before.contains(term)) {
                added.computeIfAbsent(id(term, block), id -> new HashSet<>()).add(offset);
            }
        }
        for (String term : before) {
            if (!after.contains(term)) {
                removed.computeIfAbsent(id(term, block), id -> new HashSet<>()).add(offset);
            }
        }
    }

    /** The postings that lose offsets in {@link #writes()} (those that may be empty after it), of these terms. */
    List<String> pulled(Predicate<String> ofTerms) {
        return removed.keySet().stream().filter(id -> ofTerms.test(id.substring(0, id.lastIndexOf(SEPARATOR))))
                .toList();
    }

    List<WriteModel<Document>> writes() {
        List<WriteModel<Document>> writes = new ArrayList<>(added.size() + removed.size());
        added.forEach((id, offsets) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.addEachToSet(OFFSETS, new ArrayList<>(offsets)), UPSERT)));
        removed.forEach((id, offsets) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.pullAll(OFFSETS, new ArrayList<>(offsets)))));
        maxima.forEach((block, max) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", id(MAXIMUM, block)),
                Updates.combine(Updates.max("max", max), Updates.min("min", minima.get(block))), UPSERT)));
        added.clear();
        removed.clear();
        maxima.clear();
        minima.clear();
        return writes;
    }

    /** Sets the ordinals of one posting document in {@code ordinals}. */
    static void read(Document posting, long block, BitSet ordinals) {
        int base = Math.toIntExact(block * BLOCK);
        for (Object offset : posting.getList(OFFSETS, Object.class, List.of())) {
            ordinals.set(base + ((Number) offset).intValue());
        }
    }

    /** Hands out {@code count} ordinals: the first of them. */
    static long reserve(ProjectionRuntime runtime, String collection, int count) {
        Document counter = runtime.mongo().getCollection(collection).findOneAndUpdate(Filters.eq("_id", COUNTER),
                Updates.inc("next", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) counter.get("next")).longValue() - count;
    }

    /** How many ordinals were handed out so far (0 when none). */
    static long handedOut(ProjectionRuntime runtime, String collection) {
        Document counter = runtime.mongo().getCollection(collection).find(Filters.eq("_id", COUNTER)).first();
        return counter == null ? 0 : ((Number) counter.get("next")).longValue();
    }
}
