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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layout of a {@link TermIndex} and its writes. Every document of an indexed collection gets an {@code ordinal}
 * (a number handed out once, in the order documents are first written, kept beside the document as
 * {@value DocumentProjection#ORDINAL_FIELD}); the index holds, for each term and each block of
 * {@value #BLOCK} ordinals, one posting document {@code {_id: "<term>|<block>", o: [ordinals]}} (a term never holds {@code |}). A query reads
 * its terms' postings by {@code _id} (a known, small set of ids: the terms times the blocks handed out so far),
 * intersects them, and looks the documents up by ordinal (a unique index).
 * <p>
 * Writes are the difference between a document before and after a batch: the terms it gained are added to their
 * postings ({@code $addToSet}), the terms it lost pulled ({@code $pull}). Both are atomic per posting document, so
 * segments handled at once by different threads or instances never lose each other's ordinals, and both are no-ops
 * when applied again (a batch delivered again). Blocks bound every posting document (at most {@value #BLOCK} numbers),
 * so a write never rewrites a long list; the calls a batch touches are mostly recent, so mostly in one block.
 * The counter of ordinals is a document of the same collection ({@value #COUNTER}).
 */
final class TermPostings {

    static final int BLOCK = 4_096;
    static final String COUNTER = "#ordinals";
    static final String ORDINALS = "o";
    /** Between a term and its block in a posting's id: terms never hold it. */
    static final char SEPARATOR = '|';
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final Map<String, Set<Long>> added = new HashMap<>();
    private final Map<String, Set<Long>> removed = new HashMap<>();

    static String id(String term, long block) {
        return term + SEPARATOR + block;
    }

    /** Records what a document's terms became: {@code before} empty for a new document. */
    void change(long ordinal, Set<String> before, Set<String> after) {
        long block = ordinal / BLOCK;
        for (String term : after) {
            if (!before.contains(term)) {
                added.computeIfAbsent(id(term, block), id -> new TreeSet<>()).add(ordinal);
            }
        }
        for (String term : before) {
            if (!after.contains(term)) {
                removed.computeIfAbsent(id(term, block), id -> new TreeSet<>()).add(ordinal);
            }
        }
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    List<WriteModel<Document>> writes() {
        List<WriteModel<Document>> writes = new ArrayList<>(added.size() + removed.size());
        added.forEach((id, ordinals) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.addEachToSet(ORDINALS, new ArrayList<>(ordinals)), UPSERT)));
        removed.forEach((id, ordinals) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.pullAll(ORDINALS, new ArrayList<>(ordinals)))));
        added.clear();
        removed.clear();
        return writes;
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
