package io.calllog.query.call;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How text is cut into the words that transcript search matches: a word is a run of letters and digits (with the
 * accents and other marks inside it), and words compare case- and accent-insensitively: each is normalised by
 * compatibility decomposition (NFKD), without its marks, in lower case. {@code Ça} and {@code ca}, {@code Müller} and
 * {@code muller}, {@code ﬁle} and {@code file} are the same word. Apostrophes, hyphens and other punctuation separate
 * words: {@code I'm} is {@code i} then {@code m}, which a query names the same way.
 */
final class SearchText {

    /** One word of a text: normalised, and where it stands in the text ({@code end} exclusive, UTF-16 indexes). */
    record Word(String term, int start, int end) {
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private SearchText() {
    }

    static List<Word> words(String text) {
        List<Word> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        int start = -1;
        int at = 0;
        while (at < text.length()) {
            int codePoint = text.codePointAt(at);
            boolean inWord = Character.isLetterOrDigit(codePoint) || (start >= 0 && isMark(codePoint));
            if (inWord && start < 0) {
                start = at;
            } else if (!inWord && start >= 0) {
                add(words, text, start, at);
                start = -1;
            }
            at += Character.charCount(codePoint);
        }
        if (start >= 0) {
            add(words, text, start, text.length());
        }
        return words;
    }

    private static void add(List<Word> words, String text, int start, int end) {
        String term = normalise(text.substring(start, end));
        if (!term.isEmpty()) {
            words.add(new Word(term, start, end));
        }
    }

    static String normalise(String word) {
        if (isAscii(word)) {
            return word.toLowerCase(Locale.ROOT); // nothing to decompose: the common case, without a Normalizer pass
        }
        return MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static boolean isAscii(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
