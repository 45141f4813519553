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
import java.util.Arrays;
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
 * ordinals, one posting document {@code {_id: "<term>|<block>", o: [entries]}}, one entry per document of the block
 * that holds the term: its offset in the block (a number) for a term that stands nowhere in particular, or, for a
 * term with positions (a word), a string of the offset and the positions ({@link #entry}). A query reads its terms'
 * postings by {@code _id} (a known, small set of ids: the terms times the blocks handed out so far), intersects them,
 * checks the positions of the terms of a phrase where it asks for one, and looks the documents up by ordinal (a unique
 * index).
 * <p>
 * Writes are the difference between a document before and after a batch: the entries of the terms it gained, or
 * whose positions changed, are added ({@code $addToSet}, upserting the posting), those of the terms it lost, and the
 * former entries of those whose positions changed, pulled ({@code $pullAll}; an old and a new entry differ, so the
 * two commute). Both are atomic per posting document, so segments written at once by different threads or instances
 * never lose each other's entries (mongo-java-server has no {@code $bit}, which would have allowed bitmaps), and both
 * are no-ops when applied again (a batch delivered again). A batch's new documents have consecutive ordinals, mostly
 * in one block, so a batch updates about one posting per term it touches; blocks bound what each update rewrites (at
 * most {@value #BLOCK} entries). The counter of ordinals is a document of the same collection ({@value #COUNTER}),
 * and so is the version of the terms the index was built by ({@value #VERSION}).
 * <p>
 * Positions were chosen over indexing each pair of neighbouring words as a term of its own (the first way phrases
 * were found without reading texts): pairs made five to ten times as many postings to write, where positions make
 * the postings of words longer but no more numerous (docs/benchmarks.md).
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
    private static final int DIGIT_BITS = 5;
    private static final int DIGIT = 1 << DIGIT_BITS;
    private static final char MORE = '0';
    private static final char LAST = (char) (MORE + DIGIT);

    /**
     * The prefix of the id of a block's summary ({@code {_id: "#max|<block>", max: <greatest sort key>,
     * min: <least>}}; summaries written before {@code min} was kept have none).
     */
    static final String MAXIMUM = "#max";
    private final Map<Long, Long> maxima = new HashMap<>();
    private final Map<Long, Long> minima = new HashMap<>();
    private final Map<String, Set<Object>> added = new HashMap<>();
    private final Map<String, Set<Object>> removed = new HashMap<>();
    /** The postings of terms that documents lost: they may hold no document any more. */
    private final Set<String> emptied = new HashSet<>();

    static String id(String term, long block) {
        return term + SEPARATOR + block;
    }

    /** Records what a document's terms became ({@code before} empty for a new document), and its sort key. */
    void change(long ordinal, Map<String, int[]> before, Map<String, int[]> after, long sortKey) {
        long block = ordinal / BLOCK;
        maxima.merge(block, sortKey, Math::max);
        minima.merge(block, sortKey, Math::min);
        int offset = (int) (ordinal % BLOCK);
        after.forEach((term, positions) -> {
            int[] was = before.get(term);
            if (was == null || !Arrays.equals(was, positions)) {
                added.computeIfAbsent(id(term, block), id -> new HashSet<>()).add(entry(offset, positions));
                if (was != null) {
                    removed.computeIfAbsent(id(term, block), id -> new HashSet<>()).add(entry(offset, was));
                }
            }
        });
        before.forEach((term, positions) -> {
            if (!after.containsKey(term)) {
                removed.computeIfAbsent(id(term, block), id -> new HashSet<>()).add(entry(offset, positions));
                emptied.add(id(term, block));
            }
        });
    }

    /** The postings that lose a document in {@link #writes()} (those that may be empty after it), of these terms. */
    List<String> pulled(Predicate<String> ofTerms) {
        return emptied.stream().filter(id -> ofTerms.test(id.substring(0, id.lastIndexOf(SEPARATOR)))).toList();
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
        emptied.clear();
        maxima.clear();
        minima.clear();
        return writes;
    }

    /** Sets the ordinals of one posting document in {@code ordinals}. */
    static void read(Document posting, long block, BitSet ordinals) {
        int base = Math.toIntExact(block * BLOCK);
        for (Object entry : posting.getList(OFFSETS, Object.class, List.of())) {
            ordinals.set(base + offsetOf(entry));
        }
    }

    /**
     * A posting's entry for the document at {@code offset} in its block: the offset itself when the term stands
     * nowhere in particular, else a string of numbers: the offset, the first position, then each position's distance
     * from the one before. Each number is written five bits at a time, the lowest first, as one character each:
     * {@code '0'} to {@code 'O'} for a digit that more follow, {@code 'P'} to {@code 'o'} for the last one. A word said
     * a few times in a call takes a few bytes.
     */
    static Object entry(int offset, int[] positions) {
        if (positions.length == 0) {
            return offset;
        }
        StringBuilder entry = new StringBuilder(2 + positions.length * 2);
        append(entry, offset);
        int previous = 0;
        for (int position : positions) {
            append(entry, position - previous);
            previous = position;
        }
        return entry.toString();
    }

    private static void append(StringBuilder entry, int number) {
        int rest = number;
        while (rest >= DIGIT) {
            entry.append((char) (MORE + (rest & (DIGIT - 1))));
            rest >>>= DIGIT_BITS;
        }
        entry.append((char) (LAST + rest));
    }

    /** The offset in its block of the document of a posting's entry. */
    static int offsetOf(Object entry) {
        if (entry instanceof Number offset) {
            return offset.intValue();
        }
        String numbers = (String) entry;
        int offset = 0;
        for (int at = 0, shift = 0; ; at++, shift += DIGIT_BITS) {
            char digit = numbers.charAt(at);
            if (digit >= LAST) {
                return offset | (digit - LAST) << shift;
            }
            offset |= (digit - MORE) << shift;
        }
    }

    /** The positions of a posting's entry, ascending (none for an entry of a term that stands nowhere). */
    static int[] positionsOf(Object entry) {
        if (!(entry instanceof String numbers)) {
            return TermIndex.NOWHERE;
        }
        int[] decoded = new int[numbers.length()];
        int count = 0;
        int number = 0;
        int shift = 0;
        for (int at = 0; at < numbers.length(); at++) {
            char digit = numbers.charAt(at);
            if (digit >= LAST) {
                decoded[count++] = number | (digit - LAST) << shift;
                number = 0;
                shift = 0;
            } else {
                number |= (digit - MORE) << shift;
                shift += DIGIT_BITS;
            }
        }
        int[] positions = new int[count - 1]; // the first number is the offset
        int position = 0;
        for (int i = 1; i < count; i++) {
            position += decoded[i];
            positions[i - 1] = position;
        }
        return positions;
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
