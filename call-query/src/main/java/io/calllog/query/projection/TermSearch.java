package io.calllog.query.projection;

import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link TermIndex}: which documents hold every one of some terms, then those documents (or their mirror's
 * entries) by ordinal. Every read is by {@code _id} or by the unique ordinal index, so none scans, on MongoDB or on
 * the embedded server; its cost grows with the postings of the terms asked for, not with the collection.
 */
public final class TermSearch {

    private final ProjectionRuntime runtime;
    private final String index;

    public TermSearch(ProjectionRuntime runtime, String index) {
        this.runtime = runtime;
        this.index = index;
    }

    /** The ordinals of the documents that hold every one of {@code terms} (at least one term). */
    public BitSet havingAll(Collection<String> terms) {
        Set<String> wanted = new LinkedHashSet<>(terms);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("at least one term");
        }
        long blocks = (TermPostings.handedOut(runtime, index) + TermPostings.BLOCK - 1) / TermPostings.BLOCK;
        Map<String, BitSet> postings = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (String term : wanted) {
            postings.put(term, new BitSet());
            for (long block = 0; block < blocks; block++) {
                ids.add(TermPostings.id(term, block));
            }
        }
        if (!ids.isEmpty()) {
            runtime.forEachIn(index, "_id", ids, null, posting -> {
                String id = (String) posting.get("_id");
                int separator = id.lastIndexOf(TermPostings.SEPARATOR);
                TermPostings.read(posting, Long.parseLong(id.substring(separator + 1)),
                        postings.get(id.substring(0, separator)));
            });
        }
        BitSet all = null;
        for (BitSet ordinals : postings.values()) {
            if (all == null) {
                all = ordinals;
            } else {
                all.and(ordinals);
            }
        }
        return all;
    }

    /**
     * The summaries of the blocks of ordinals handed out so far: the greatest and the least sort key of each.
     *
     * @param newest the greatest sort key of each block ({@link Long#MIN_VALUE}: no summary)
     * @param oldest the least ({@link Long#MIN_VALUE}: unknown, a block summarised before the least was kept)
     */
    public record Blocks(long[] newest, long[] oldest) {

        public int count() {
            return newest.length;
        }

        public boolean known(int block) {
            return newest[block] != Long.MIN_VALUE;
        }

        public long newest(int block) {
            return newest[block];
        }

        public long oldest(int block) {
            return oldest[block];
        }
    }

    /** The summary of every block of ordinals handed out so far. */
    public Blocks blocks() {
        int blocks = Math.toIntExact((TermPostings.handedOut(runtime, index) + TermPostings.BLOCK - 1)
                / TermPostings.BLOCK);
        long[] newest = new long[blocks];
        long[] oldest = new long[blocks];
        java.util.Arrays.fill(newest, Long.MIN_VALUE);
        java.util.Arrays.fill(oldest, Long.MIN_VALUE);
        List<String> ids = new ArrayList<>(blocks);
        for (int block = 0; block < blocks; block++) {
            ids.add(TermPostings.id(TermPostings.MAXIMUM, block));
        }
        if (!ids.isEmpty()) {
            runtime.forEachIn(index, "_id", ids, null, summary -> {
                String id = (String) summary.get("_id");
                int block = Integer.parseInt(id.substring(id.lastIndexOf(TermPostings.SEPARATOR) + 1));
                newest[block] = ((Number) summary.get("max")).longValue();
                if (summary.get("min") instanceof Number min) {
                    oldest[block] = min.longValue();
                }
            });
        }
        return new Blocks(newest, oldest);
    }

    /** How many ordinals each block holds. */
    public static int blockSize() {
        return TermPostings.BLOCK;
    }

    /**
     * The documents of {@code collection} (a projected collection or one of its mirrors) with these ordinals, with
     * only {@code fields} (and {@code _id}), in no particular order. An ordinal whose document is gone is left out.
     */
    public List<Document> byOrdinal(String collection, BitSet ordinals, List<String> fields) {
        List<Document> found = new ArrayList<>(ordinals.cardinality());
        List<Long> wanted = ordinals.stream().mapToObj(ordinal -> (long) ordinal).toList();
        runtime.forEachIn(collection, DocumentProjection.ORDINAL_FIELD, wanted, Projections.include(fields),
                found::add);
        return found;
    }
}
