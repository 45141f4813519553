package io.calllog.query.call;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a call is indexed by (its words with their positions, its filter values), and what a search looks up. */
class CallTermsTest {

    private static final CallTerms TERMS = new CallTerms();

    private static CallDocument call(String summary, String... lines) {
        List<TranscriptLine> transcript = new java.util.ArrayList<>();
        for (int seq = 0; seq < lines.length; seq++) {
            transcript.add(new TranscriptLine(seq, "user", lines[seq]));
        }
        return new CallDocument("call_1", "campaign_1", "record_1", "outbound", "busy", null, null, transcript, null,
                summary, java.time.Instant.EPOCH, "busy", null);
    }

    @Test
    void aCallHoldsEveryCallsTermItsWordsAndItsFilterValues() {
        assertThat(TERMS.termsOf(call("Café closed", "Refund, policy!")).keySet()).containsExactlyInAnyOrder("*",
                "refund", "policy", "cafe", "closed", "campaignUuid=campaign_1", "recordUuid=record_1", "status=busy",
                "direction=outbound", "endReason=busy");
    }

    @Test
    void wordsStandAtTheirPositionsThroughTheLinesThenTheSummaryWithOneLeftOutBetweenTwoTexts() {
        Map<String, int[]> terms = TERMS.termsOf(call("Café -- closed, the refund", "So, the REFUND -- policy!",
                "?!", "Ça marche, Müller's ﬁle"));
        assertThat(terms.get("so")).containsExactly(0);
        assertThat(terms.get("the")).containsExactly(1, 13);
        assertThat(terms.get("refund")).containsExactly(2, 14);
        assertThat(terms.get("policy")).containsExactly(3);
        // a line without a word takes no position
        assertThat(terms.get("ca")).containsExactly(5);
        assertThat(terms.get("marche")).containsExactly(6);
        assertThat(terms.get("muller")).containsExactly(7);
        assertThat(terms.get("s")).containsExactly(8);
        assertThat(terms.get("file")).containsExactly(9);
        assertThat(terms.get("cafe")).containsExactly(11);
        assertThat(terms.get("closed")).containsExactly(12);
        assertThat(terms.get("*")).isEmpty();
        assertThat(terms.get("status=busy")).isEmpty();
    }

    @Test
    void anErasedCallsLinesAreNotWhatWasSaid() {
        CallDocument erased = new CallDocument("call_1", "campaign_1", "record_1", "outbound", "busy", null, null,
                List.of(new TranscriptLine(0, "user", "[erased]")), null, null, java.time.Instant.EPOCH, "busy",
                java.time.Instant.EPOCH);
        assertThat(TERMS.termsOf(erased)).doesNotContainKey("erased");
    }

    @Test
    void aSearchLooksUpItsWordsAndItsPhrasesWords() {
        assertThat(CallTerms.of(SearchQuery.parse("refund \"Next TUESDAY\" \"call\" \"next call\"")))
                .containsExactly("refund", "call", "next", "tuesday");
    }

    @Test
    void onlyWhatWasSaidLeavesTheIndexWithItsLastCall() {
        assertThat(TERMS.dropsEmpty("refund")).isTrue();
        assertThat(TERMS.dropsEmpty("status=in-progress")).isFalse();
        assertThat(TERMS.dropsEmpty("*")).isFalse();
    }

    @Test
    void theVersionSaysThatWordsHavePositions() {
        assertThat(TERMS.version()).isEqualTo(4);
    }
}
