package io.calllog.query.call;

import io.calllog.query.projection.TermIndex;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms a call is found by, kept by the projection runtime in {@value #COLLECTION}: {@value #EVERY_CALL}, which
 * every call holds (a list without a filter selects its postings); every word of its transcript lines and of its
 * summary ({@link SearchText}); one {@code field=value} term per equality filter of the list ({@code campaignUuid},
 * {@code recordUuid}, {@code status}, {@code direction}, {@code endReason}), so that a search within a campaign or a
 * status intersects small postings instead of looking up every call that says a common word (a word never holds
 * {@code =}, so the two kinds never meet); and, with {@code calllog.search.phrase-pairs}, every pair of words that
 * stand one after the other in one line or in the summary, as one term ({@code "refund policy"}: a word never holds a
 * space), so that a two-word phrase is found exactly from the postings and a longer one from the calls that hold all
 * its pairs, instead of by reading the texts of every call that holds its words. Pairs cost writes: the benchmark
 * measured the projection about three times slower on a load of spoken transcripts (docs/calls-api.md).
 */
@Component
final class CallTerms implements TermIndex<CallDocument> {

    static final String COLLECTION = "call_terms";
    /** The term every call holds: a list without a filter selects its postings. */
    static final String EVERY_CALL = "*";

    private final boolean pairs;

    CallTerms(@Value("${calllog.search.phrase-pairs:false}") boolean pairs) {
        this.pairs = pairs;
    }

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public Set<String> termsOf(CallDocument call) {
        Set<String> terms = new HashSet<>();
        terms.add(EVERY_CALL);
        if (call.transcript() != null && !call.erased()) { // "[erased]" is not something that was said
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

    /**
     * Words (and pairs of words) only: they tell what was said. The filters' {@code field=value} terms and
     * {@link #EVERY_CALL} stay when empty.
     */
    @Override
    public boolean dropsEmpty(String term) {
        return !term.equals(EVERY_CALL) && term.indexOf('=') < 0;
    }

    /** 1: words and filter values; 2: {@link #EVERY_CALL} added; 3: the same with the pairs of words. */
    @Override
    public int version() {
        return pairs ? 3 : 2;
    }

    @Override
    public long sortKeyOf(CallDocument call) {
        return call.createdAt().toEpochMilli();
    }

    /**
     * The terms a call holds when it matches the search: its words, the phrases' words, and, with pairs, each pair of
     * words that stand one after the other in a phrase.
     */
    List<String> of(SearchQuery search) {
        Set<String> terms = new LinkedHashSet<>(search.words());
        for (List<String> phrase : search.phrases()) {
            terms.addAll(phrase);
            for (int i = 1; pairs && i < phrase.size(); i++) {
                terms.add(pair(phrase.get(i - 1), phrase.get(i)));
            }
        }
        return List.copyOf(terms);
    }

    /**
     * Whether a call that holds every term {@link #of(SearchQuery) of the search} can still fail to match, so that
     * its texts must be read: when a phrase must be checked word after word, which with pairs is only a phrase of more
     * than two words (its pairs may stand in different lines, or apart): a call holding a two-word phrase's pair holds
     * the phrase.
     */
    boolean needsTexts(SearchQuery search) {
        return search.phrases().stream().anyMatch(phrase -> !pairs || phrase.size() > 2);
    }

    private static String pair(String first, String second) {
        return first + " " + second;
    }

    private void addWords(Set<String> terms, String text) {
        String previous = null;
        for (SearchText.Word word : SearchText.words(text)) {
            terms.add(word.term());
            if (pairs && previous != null) {
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
