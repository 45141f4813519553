package io.calllog.query.projection;

import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link TermIndex}: which documents hold every one of some terms (and some sequences of them, at consecutive
 * positions), then those documents (or their mirror's entries) by ordinal. Every read is by {@code _id} or by the
 * unique ordinal index, so none scans, on MongoDB or on the embedded server; its cost grows with the postings of the
 * terms asked for, not with the collection.
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
        return havingAll(terms, List.of());
    }

    /**
     * The ordinals of the documents that hold every one of {@code terms} and in which each of {@code sequences}
     * stands: its terms at positions one after the other, in its order (a phrase, its words in one text). One read of
     * the postings of every term named, by {@code _id}; the positions are looked at only for the documents that hold
     * every term, so a phrase costs what its words cost, plus a pass over their entries.
     */
    public BitSet havingAll(Collection<String> terms, List<List<String>> sequences) {
        Set<String> wanted = new LinkedHashSet<>(terms);
        sequences.forEach(wanted::addAll);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("at least one term");
        }
        Set<String> positioned = new HashSet<>();
        sequences.forEach(positioned::addAll);
        long blocks = (TermPostings.handedOut(runtime, index) + TermPostings.BLOCK - 1) / TermPostings.BLOCK;
        Map<String, BitSet> postings = new HashMap<>();
        Map<String, List<Document>> kept = new HashMap<>(); // the postings of the sequences' terms, for their positions
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
                String term = id.substring(0, separator);
                TermPostings.read(posting, Long.parseLong(id.substring(separator + 1)), postings.get(term));
                if (positioned.contains(term)) {
                    kept.computeIfAbsent(term, t -> new ArrayList<>()).add(posting);
                }
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
        for (List<String> sequence : sequences) {
            if (all.isEmpty()) {
                break;
            }
            all.and(holding(sequence, all, kept));
        }
        return all;
    }

    /**
     * Those of the {@code candidates} (which hold every term of the sequence) in which the sequence stands. The
     * entries are laid out by block and offset (an array per term and block, no hashing: a phrase of common words
     * looks at thousands of candidates), and a candidate's positions are decoded only when it is looked at.
     */
    private static BitSet holding(List<String> sequence, BitSet candidates, Map<String, List<Document>> postings) {
        List<String> terms = List.copyOf(new LinkedHashSet<>(sequence));
        int[] termOf = sequence.stream().mapToInt(terms::indexOf).toArray();
        Map<Integer, Object[][]> blocks = new HashMap<>(); // block -> term -> offset -> entry (or merged positions)
        for (int term = 0; term < terms.size(); term++) {
            for (Document posting : postings.getOrDefault(terms.get(term), List.of())) {
                String id = (String) posting.get("_id");
                int block = Integer.parseInt(id.substring(id.lastIndexOf(TermPostings.SEPARATOR) + 1));
                Object[] entries = blocks.computeIfAbsent(block, b -> new Object[terms.size()][])[term] =
                        new Object[TermPostings.BLOCK];
                for (Object entry : posting.getList(TermPostings.OFFSETS, Object.class, List.of())) {
                    int offset = TermPostings.offsetOf(entry);
                    if (candidates.get(block * TermPostings.BLOCK + offset)) {
                        entries[offset] = entries[offset] == null ? entry : union(positions(entries[offset]),
                                TermPostings.positionsOf(entry)); // two entries: a write cut short, kept both
                    }
                }
            }
        }
        BitSet holding = new BitSet();
        int[][] positions = new int[terms.size()][];
        for (int ordinal = candidates.nextSetBit(0); ordinal >= 0; ordinal = candidates.nextSetBit(ordinal + 1)) {
            Object[][] block = blocks.get(ordinal / TermPostings.BLOCK);
            if (block == null) {
                continue;
            }
            boolean everyTerm = true;
            for (int term = 0; term < terms.size() && everyTerm; term++) {
                Object entry = block[term] == null ? null : block[term][ordinal % TermPostings.BLOCK];
                everyTerm = entry != null;
                positions[term] = everyTerm ? positions(entry) : null;
            }
            if (everyTerm && stands(termOf, positions)) {
                holding.set(ordinal);
            }
        }
        return holding;
    }

    /** Whether the terms {@code termOf} name, in that order, stand at consecutive positions. */
    private static boolean stands(int[] termOf, int[][] positions) {
        for (int start : positions[termOf[0]]) {
            int next = 1;
            while (next < termOf.length && Arrays.binarySearch(positions[termOf[next]], start + next) >= 0) {
                next++;
            }
            if (next == termOf.length) {
                return true;
            }
        }
        return false;
    }

    private static int[] positions(Object entryOrPositions) {
        return entryOrPositions instanceof int[] merged ? merged : TermPostings.positionsOf(entryOrPositions);
    }

    /** Both positions, ascending, each once. */
    private static int[] union(int[] some, int[] others) {
        return java.util.stream.IntStream.concat(Arrays.stream(some), Arrays.stream(others)).sorted().distinct()
                .toArray();
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
