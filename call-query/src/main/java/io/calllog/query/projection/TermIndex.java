package io.calllog.query.projection;

import java.util.Map;

/**
 * What a {@link DocumentProjection} declares to have its documents found by the terms they hold (words of a text,
 * {@code field=value} pairs) without a scan: the runtime keeps an inverted index of those terms, on every server, in a
 * collection of its own that is read by {@code _id} alone (the only lookup the embedded mongo-java-server serves from
 * an index). See {@link TermPostings} for its layout and {@link TermSearch} for its reads.
 *
 * @param <D> the projection's document
 */
public interface TermIndex<D> {

    /** The collection of the index's postings. */
    String collection();

    /**
     * Every term of this document, normalised as queries will name them (a term never holds {@code |}), each with
     * where it stands: the positions of a term of a text (a word), ascending, numbered through the document's texts
     * one after the other with a position left out between two texts, so that terms at neighbouring positions stand
     * one after the other in one text ({@link TermSearch} finds sequences of terms, phrases, by them); or
     * {@link #NOWHERE} for a term that stands nowhere in particular (a field's value).
     */
    Map<String, int[]> termsOf(D document);

    /** The positions of a term that stands nowhere in particular. */
    int[] NOWHERE = new int[0];

    /**
     * The key queries sort its documents by, newest (greatest) first, which never changes once the document is
     * written; the index keeps its greatest value per block of ordinals, so that a query wanting the newest few
     * reads the blocks that can hold them and skips the others.
     */
    long sortKeyOf(D document);

    /**
     * Whether a posting of this term that no document holds any more is deleted (default), or may stay empty. A term
     * that tells what a document said (a word) must not outlive its last document: an erased call's words must leave
     * the index's ids. A term that only repeats a field's value may stay: deleting an empty posting takes a
     * conditional delete, which the embedded mongo-java-server answers by scanning the whole index, and such postings
     * empty all the time (a block's {@code status=in-progress} whenever its running calls have all ended).
     */
    default boolean dropsEmpty(String term) {
        return true;
    }

    /**
     * The version of {@link #termsOf}: raise it whenever what it answers (terms or positions) changes for documents
     * already indexed. At
     * start, an index built by another version is built again (its postings dropped, every document numbered and
     * indexed anew), before processors handle events. An index written before versions existed is version 1.
     */
    default int version() {
        return 1;
    }
}
