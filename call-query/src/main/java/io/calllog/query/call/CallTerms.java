package io.calllog.query.call;

import io.calllog.query.projection.TermIndex;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The terms a call is found by, kept by the projection runtime in {@value #COLLECTION}: {@value #EVERY_CALL}, which
 * every call holds (a list without a filter selects its postings); every word of its transcript lines and of its
 * summary ({@link SearchText}), with where it stands (its positions through the lines in transcript order, then the
 * summary, a position left out between two texts), so that a phrase is found from its words' postings: its words at
 * positions one after the other, within one text; and one {@code field=value} term per equality filter of the list
 * ({@code campaignUuid}, {@code recordUuid}, {@code status}, {@code direction}, {@code endReason}), so that a search
 * within a campaign or a status intersects small postings instead of looking up every call that says a common word (a
 * word never holds {@code =}, so the two kinds never meet).
 */
@Component
final class CallTerms implements TermIndex<CallDocument> {

    static final String COLLECTION = "call_terms";
    /** The term every call holds: a list without a filter selects its postings. */
    static final String EVERY_CALL = "*";

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public Map<String, int[]> termsOf(CallDocument call) {
        Map<String, List<Integer>> said = new HashMap<>();
        int position = 0;
        if (call.transcript() != null && !call.erased()) { // "[erased]" is not something that was said
            for (TranscriptLine line : call.transcript()) {
                position = addWords(said, line.text(), position);
            }
        }
        addWords(said, call.summary(), position);
        Map<String, int[]> terms = new HashMap<>();
        said.forEach((word, at) -> terms.put(word, at.stream().mapToInt(Integer::intValue).toArray()));
        terms.put(EVERY_CALL, NOWHERE);
        for (String filterTerm : of(call.campaignUuid(), call.recordUuid(), call.status(), call.direction(),
                call.endReason())) {
            terms.put(filterTerm, NOWHERE);
        }
        return terms;
    }

    /** The positions of the words of a text from {@code position} on: the position after it, and one left out. */
    private static int addWords(Map<String, List<Integer>> said, String text, int position) {
        List<SearchText.Word> words = SearchText.words(text);
        if (words.isEmpty()) {
            return position;
        }
        int at = position;
        for (SearchText.Word word : words) {
            said.computeIfAbsent(word.term(), term -> new ArrayList<>()).add(at++);
        }
        return at + 1;
    }

    /**
     * Words only: they tell what was said. The filters' {@code field=value} terms and
     * {@link #EVERY_CALL} stay when empty.
     */
    @Override
    public boolean dropsEmpty(String term) {
        return !term.equals(EVERY_CALL) && term.indexOf('=') < 0;
    }

    /**
     * 1: words and filter values; 2: {@link #EVERY_CALL} added; 3: the same with pairs of words (a switch, now gone);
     * 4: words with their positions.
     */
    @Override
    public int version() {
        return 4;
    }

    @Override
    public long sortKeyOf(CallDocument call) {
        return call.createdAt().toEpochMilli();
    }

    /** The terms a call holds when it matches the search: its words and the words of its phrases. */
    static List<String> of(SearchQuery search) {
        Set<String> terms = new LinkedHashSet<>(search.words());
        search.phrases().forEach(terms::addAll);
        return List.copyOf(terms);
    }

    /** The terms of a list's equality filters (those it names). */
    static List<String> of(CallFilter filter) {
        return of(filter.campaignUuid(), filter.recordUuid(), filter.status(), filter.direction(), filter.endReason());
    }

    /** The {@code field=value} terms of these values of the equality filters' fields (each null: none). */
    private static List<String> of(String campaignUuid, String recordUuid, String status, String direction,
            String endReason) {
        Set<String> terms = new LinkedHashSet<>();
        add(terms, "campaignUuid", campaignUuid);
        add(terms, "recordUuid", recordUuid);
        add(terms, "status", status);
        add(terms, "direction", direction);
        add(terms, "endReason", endReason);
        return List.copyOf(terms);
    }

    private static void add(Set<String> terms, String field, String value) {
        if (value != null) {
            terms.add(field + "=" + value);
        }
    }
}
