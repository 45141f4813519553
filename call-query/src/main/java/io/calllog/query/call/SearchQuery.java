package io.calllog.query.call;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code q} asks for: words, each of which a call must hold somewhere (in any transcript line or its summary),
 * and {@code "quoted phrases"}, each of which must stand, word after word, in one line or in the summary. Words
 * compare as {@link SearchText} normalises them. An unclosed quote runs to the end of {@code q}; a phrase of one word
 * is a word.
 *
 * @param words   the words, normalised, each once
 * @param phrases the phrases of two words or more, normalised
 */
record SearchQuery(List<String> words, List<List<String>> phrases) {

    static final int MAX_LENGTH = 500;
    static final int MAX_MATCHES = 3;
    static final int SNIPPET = 160;
    private static final int BEFORE_HIT = 50;

    /** @throws IllegalArgumentException when {@code q} holds no word */
    static SearchQuery parse(String q) {
        Set<String> words = new LinkedHashSet<>();
        Set<List<String>> phrases = new LinkedHashSet<>();
        String[] parts = q.split("\"", -1);
        for (int i = 0; i < parts.length; i++) {
            List<String> terms = SearchText.words(parts[i]).stream().map(SearchText.Word::term).toList();
            if (i % 2 == 1 && terms.size() > 1) {
                phrases.add(terms);
            } else {
                words.addAll(terms);
            }
        }
        if (words.isEmpty() && phrases.isEmpty()) {
            throw new IllegalArgumentException("must hold at least one word (letters or digits)");
        }
        return new SearchQuery(List.copyOf(words), List.copyOf(phrases));
    }

    /**
     * Up to {@value #MAX_MATCHES} of the call's texts that hold something asked for: those that hold the most of the
     * words and phrases, then the earliest; listed lines first in seq order, then the summary.
     */
    List<CallMatch> matchesIn(CallDocument call) {
        record Hit(int order, Text text, List<int[]> spans, int asked) {
        }
        List<Text> texts = texts(call).toList();
        List<Hit> hits = new ArrayList<>();
        for (int order = 0; order < texts.size(); order++) {
            Text text = texts.get(order);
            List<SearchText.Word> textWords = SearchText.words(text.text());
            List<int[]> spans = new ArrayList<>();
            int asked = 0;
            for (String word : words) {
                List<int[]> at = textWords.stream().filter(w -> w.term().equals(word))
                        .map(w -> new int[]{w.start(), w.end()}).toList();
                asked += at.isEmpty() ? 0 : 1;
                spans.addAll(at);
            }
            for (List<String> phrase : phrases) {
                List<int[]> at = occurrences(phrase, textWords);
                asked += at.isEmpty() ? 0 : 1;
                spans.addAll(at);
            }
            if (asked > 0) {
                hits.add(new Hit(order, text, merged(spans), asked));
            }
        }
        return hits.stream()
                .sorted(Comparator.comparingInt(Hit::asked).reversed().thenComparingInt(Hit::order))
                .limit(MAX_MATCHES)
                .sorted(Comparator.comparingInt(Hit::order))
                .map(hit -> match(hit.text(), hit.spans()))
                .toList();
    }

    private record Text(Integer seq, String role, String text) {
    }

    private static Stream<Text> texts(CallDocument call) {
        Stream<Text> lines = call.transcript() == null ? Stream.empty()
                : call.transcript().stream().map(line -> new Text(line.seq(), line.role(), line.text()));
        return call.summary() == null ? lines : Stream.concat(lines, Stream.of(new Text(null, "summary",
                call.summary())));
    }

    /** Where the phrase stands in these words: from its first word's start to its last word's end. */
    private static List<int[]> occurrences(List<String> phrase, List<SearchText.Word> words) {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i + phrase.size() <= words.size(); i++) {
            boolean all = true;
            for (int j = 0; j < phrase.size() && all; j++) {
                all = words.get(i + j).term().equals(phrase.get(j));
            }
            if (all) {
                found.add(new int[]{words.get(i).start(), words.get(i + phrase.size() - 1).end()});
            }
        }
        return found;
    }

    /** The spans in order, overlapping ones (a word inside a phrase) joined. */
    private static List<int[]> merged(List<int[]> spans) {
        List<int[]> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.<int[]>comparingInt(span -> span[0]).thenComparingInt(span -> span[1]));
        List<int[]> merged = new ArrayList<>();
        for (int[] span : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(new int[]{span[0], span[1]});
            }
        }
        return merged;
    }

    /** The text's snippet around its first hit, with the hits that lie wholly inside it. */
    private static CallMatch match(Text text, List<int[]> spans) {
        String whole = text.text();
        int start = 0;
        int end = whole.length();
        if (whole.length() > SNIPPET) {
            start = Math.max(0, spans.get(0)[0] - BEFORE_HIT);
            while (start > 0 && !Character.isWhitespace(whole.charAt(start - 1)) && spans.get(0)[0] - start < 80) {
                start--; // back to the start of the word it cut
            }
            end = Math.min(whole.length(), start + SNIPPET);
            if (end == whole.length()) {
                start = Math.max(0, end - SNIPPET);
            }
            if (start > 0 && Character.isLowSurrogate(whole.charAt(start))) {
                start++;
            }
            if (end < whole.length() && Character.isLowSurrogate(whole.charAt(end))) {
                end--;
            }
        }
        int from = start;
        int to = end;
        List<List<Integer>> highlights = spans.stream().filter(span -> span[0] >= from && span[1] <= to)
                .map(span -> List.of(span[0] - from, span[1] - from)).toList();
        return new CallMatch(text.seq(), text.role(), whole.substring(start, end), highlights);
    }
}
