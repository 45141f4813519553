package io.calllog.query.call;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a call is indexed by, and what a search looks up, with and without the pairs of words. */
class CallTermsTest {

    private static final CallTerms WITH_PAIRS = new CallTerms(true);
    private static final CallTerms WORDS_ONLY = new CallTerms(false);

    private static CallDocument call(String line, String summary) {
        return new CallDocument("call_1", "campaign_1", "record_1", "outbound", "busy", null, null,
                List.of(new TranscriptLine(0, "user", line)), null, summary, java.time.Instant.EPOCH, "busy",
                null);
    }

    @Test
    void aCallHoldsEveryCallsTermItsWordsItsFilterValuesAndWithPairsItsAdjacentWordsWithinOneText() {
        CallDocument call = call("Refund, policy!", "Café closed");
        assertThat(WORDS_ONLY.termsOf(call)).containsExactlyInAnyOrder("*", "refund", "policy", "cafe", "closed",
                "campaignUuid=campaign_1", "recordUuid=record_1", "status=busy", "direction=outbound",
                "endReason=busy");
        assertThat(WITH_PAIRS.termsOf(call)).containsAll(WORDS_ONLY.termsOf(call))
                .contains("refund policy", "cafe closed").doesNotContain("policy cafe").hasSize(12);
    }

    @Test
    void aTwoWordPhraseIsExactFromItsPairALongerOneIsCheckedInTheTexts() {
        SearchQuery twoWords = SearchQuery.parse("refund \"Next TUESDAY\" \"call\"");
        assertThat(WITH_PAIRS.of(twoWords)).containsExactly("refund", "call", "next", "tuesday", "next tuesday");
        assertThat(WITH_PAIRS.needsTexts(twoWords)).isFalse();
        assertThat(WORDS_ONLY.of(twoWords)).containsExactly("refund", "call", "next", "tuesday");
        assertThat(WORDS_ONLY.needsTexts(twoWords)).isTrue();

        SearchQuery longer = SearchQuery.parse("\"thank you for calling\"");
        assertThat(WITH_PAIRS.of(longer)).containsExactly("thank", "you", "for", "calling", "thank you", "you for",
                "for calling");
        assertThat(WITH_PAIRS.needsTexts(longer)).isTrue();
        assertThat(WORDS_ONLY.needsTexts(SearchQuery.parse("just words"))).isFalse();
    }

    @Test
    void onlyWhatWasSaidLeavesTheIndexWithItsLastCall() {
        assertThat(WITH_PAIRS.dropsEmpty("refund")).isTrue();
        assertThat(WITH_PAIRS.dropsEmpty("next tuesday")).isTrue();
        assertThat(WITH_PAIRS.dropsEmpty("status=in-progress")).isFalse();
        assertThat(WITH_PAIRS.dropsEmpty("*")).isFalse();
    }

    @Test
    void theVersionSaysWhetherPairsAreIndexed() {
        assertThat(WORDS_ONLY.version()).isEqualTo(2);
        assertThat(WITH_PAIRS.version()).isEqualTo(3);
    }
}
