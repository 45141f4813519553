package io.calllog.query.call;

import io.calllog.query.projection.TermIndex;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms a call is found by, kept by the projection runtime in {@value #COLLECTION}: every word of its transcript
 * lines and of its summary ({@link SearchText}); every pair of words that stand one after the other in one line or in
 * the summary, as one term ({@code "refund policy"}: words never hold a space), so that a two-word phrase is found
 * exactly from the index and a longer one from the calls that hold all its pairs, instead of by reading the texts of
 * every call that holds its words; and one {@code field=value} term per equality filter of the list
 * ({@code campaignUuid}, {@code recordUuid}, {@code status}, {@code direction}, {@code endReason}), so that a search
 * within a campaign or a status intersects small postings instead of looking up every call that says a common word.
 * A word never holds {@code =}, so the two kinds never meet.
 */
final class CallTerms implements TermIndex<CallDocument> {

    static final String COLLECTION = "call_terms";

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public Set<String> termsOf(CallDocument call) {
        Set<String> terms = new HashSet<>();
        if (call.transcript() != null) {
            call.transcript().forEach(line -> addWords(terms, line.text()));
        }
        addWords(terms, call.summary());
        add(terms, "campaignUuid", call.campaignUuid());
        add(terms, "recordUuid", call.recordUuid());
        add(terms, "status", call.status());
        add(terms, "direction", call.direction());
        add(terms, "endReason", call.endReason());
        return terms;
    }

    /** Version 2 added the pairs of words. */
    @Override
    public int version() {
        return 2;
    }

    @Override
    public long sortKeyOf(CallDocument call) {
        return call.createdAt().toEpochMilli();
    }

    /** The term of two words that stand one after the other. */
    static String pair(String first, String second) {
        return first + " " + second;
    }

    private static void addWords(Set<String> terms, String text) {
        String previous = null;
        for (SearchText.Word word : SearchText.words(text)) {
            terms.add(word.term());
            if (previous != null) {
                terms.add(pair(previous, word.term()));
            }
            previous = word.term();
        }
    }

    /** The terms of a list's equality filters (those it names). */
    static List<String> of(CallFilter filter) {
        Set<String> terms = new HashSet<>();
        add(terms, "campaignUuid", filter.campaignUuid());
        add(terms, "recordUuid", filter.recordUuid());
        add(terms, "status", filter.status());
        add(terms, "direction", filter.direction());
        add(terms, "endReason", filter.endReason());
        return List.copyOf(terms);
    }

    private static void add(Set<String> terms, String field, String value) {
        if (value != null) {
            terms.add(field + "=" + value);
        }
    }
}
