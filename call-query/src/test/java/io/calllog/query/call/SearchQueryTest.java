package io.calllog.query.call;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code q} asks for, and how a call's texts answer it: words, phrases, snippets and highlights. */
class SearchQueryTest {

    private static CallDocument call(String summary, String... lines) {
        List<TranscriptLine> transcript = new java.util.ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            transcript.add(new TranscriptLine(i, i % 2 == 0 ? "assistant" : "user", lines[i]));
        }
        return new CallDocument("call_1", "campaign_1", "record_1", "outbound", "completed", 10L, null, transcript,
                null, summary, java.time.Instant.EPOCH, null, null);
    }

    @Test
    void wordsAreCutAtPunctuationAndCompareWithoutCaseOrAccents() {
        assertThat(SearchText.words("Ça va? Müller's ﬁle, e\u0301te\u0301 42x").stream().map(SearchText.Word::term))
                .containsExactly("ca", "va", "muller", "s", "file", "ete", "42x");
        SearchQuery query = SearchQuery.parse("  CA  muller!  ");
        assertThat(query.words()).containsExactly("ca", "muller");
        assertThat(query.phrases()).isEmpty();
    }

    @Test
    void quotesMakePhrasesAndAPhraseOfOneWordIsAWord() {
        SearchQuery query = SearchQuery.parse("refund \"Next TUESDAY\" \"call\" \"unclosed phrase");
        assertThat(query.words()).containsExactly("refund", "call");
        assertThat(query.phrases()).containsExactly(List.of("next", "tuesday"), List.of("unclosed", "phrase"));
    }

    @Test
    void aQueryWithoutAWordIsRefused() {
        assertThatThrownBy(() -> SearchQuery.parse(" \"?!\" -- ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one word");
    }

    @Test
    void matchesAreTheTextsHoldingTheMostOfWhatWasAskedAtMostThreeInTheirOrder() {
        CallDocument call = call("Refund agreed.", "refund", "nothing here", "the refund policy", "refund again",
                "policy");
        List<CallMatch> matches = SearchQuery.parse("refund policy").matchesIn(call);
        assertThat(matches).extracting(CallMatch::seq).containsExactly(0, 2, 3);
        CallMatch both = matches.get(1);
        assertThat(both.role()).isEqualTo("assistant");
        assertThat(both.snippet()).isEqualTo("the refund policy");
        assertThat(both.highlights()).containsExactly(List.of(4, 10), List.of(11, 17));
        List<CallMatch> summary = SearchQuery.parse("agreed").matchesIn(call);
        assertThat(summary).singleElement().satisfies(match -> {
            assertThat(match.seq()).isNull();
            assertThat(match.role()).isEqualTo("summary");
            assertThat(match.highlights()).containsExactly(List.of(7, 13));
        });
    }

    @Test
    void aLongTextIsCutToASnippetAroundItsFirstHitWhoseHighlightsPointAtTheWords() {
        String before = "word ".repeat(60);
        String line = before + "the Refund Policy was read out " + "tail ".repeat(60);
        CallMatch match = SearchQuery.parse("\"refund policy\" read").matchesIn(call(null, line)).get(0);
        assertThat(match.snippet().length()).isLessThanOrEqualTo(SearchQuery.SNIPPET);
        assertThat(line).contains(match.snippet());
        assertThat(match.highlights()).hasSize(2);
        assertThat(match.highlights().stream()
                .map(span -> match.snippet().substring(span.get(0), span.get(1))))
                .containsExactly("Refund Policy", "read");
        assertThat(match.snippet()).startsWith("word ");
    }

    @Test
    void highlightsPointAtTheOriginalTextOfAccentedWords() {
        CallMatch match = SearchQuery.parse("cafe").matchesIn(call(null, "Un CAFÉ, s'il vous plaît")).get(0);
        List<Integer> span = match.highlights().get(0);
        assertThat(match.snippet().substring(span.get(0), span.get(1))).isEqualTo("CAFÉ");
    }
}
