package io.calllog.query.call;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same searches with {@code calllog.search.phrase-pairs=false}: phrases are found from their words' postings and
 * checked in the calls' texts.
 */
class CallSearchWithoutPairsTest extends CallSearchTest {

    @Override
    CallTerms terms() {
        return new CallTerms(false);
    }

    @Test
    void noPairIsIndexedAndAPhraseIsStillFoundFromItsWordsAndTheTexts() {
        assertThat(mongo().getCollection(CallTerms.COLLECTION).countDocuments(
                new Document("_id", Pattern.compile(" ")))).isZero();
        assertThat(uuids(search(new CallFilter(null, null, null, null, null, null, null, null, null, null, null,
                "\"refund policy\""), 1, 10))).containsExactly("call_05", "call_04", "call_03");
    }
}
