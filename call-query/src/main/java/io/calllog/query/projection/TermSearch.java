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
 * positions), then those documents (or their mirror's entries) by ordinal. Every read is by {@code _id} or by the unique ordinal index, so none scans, on MongoDB or on
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

    /** Those of the {@code candidates} (which hold every term of the sequence) in which the sequence stands. */
    private static BitSet holding(List<String> sequence, BitSet candidates, Map<String, List<Document>> postings) {
        Map<String, Map<Integer, int[]>> positions = new HashMap<>();
        for (String term : new LinkedHashSet<>(sequence)) {
            Map<Integer, int[]> ofTerm = new HashMap<>();
            for (Document posting : postings.getOrDefault(term, List.of())) {
                String id = (String) posting.get("_id");
                int base = Math.toIntExact(Long.parseLong(id.substring(id.lastIndexOf(TermPostings.SEPARATOR) + 1))
                        * TermPostings.BLOCK);
                for (Object entry : posting.getList(TermPostings.OFFSETS, Object.class, List.of())) {
                    int ordinal = base + TermPostings.offsetOf(entry);
                    if (candidates.get(ordinal)) {
                        ofTerm.merge(ordinal, TermPostings.positionsOf(entry), TermSearch::union);
                    }
                }
            }
            positions.put(term, ofTerm);
        }
        BitSet holding = new BitSet();
        for (int ordinal = candidates.nextSetBit(0); ordinal >= 0; ordinal = candidates.nextSetBit(ordinal + 1)) {
            int[] first = positions.get(sequence.get(0)).getOrDefault(ordinal, TermIndex.NOWHERE);
            for (int start : first) {
                int next = 1;
                while (next < sequence.size() && Arrays.binarySearch(positions.get(sequence.get(next))
                        .getOrDefault(ordinal, TermIndex.NOWHERE), start + next) >= 0) {
                    next++;
                }
                if (next == sequence.size()) {
                    holding.set(ordinal);
                    break;
                }
            }
        }
        return holding;
    }

    /** Both entries' positions, ascending (a posting holds one entry per document unless a write was cut short). */
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
