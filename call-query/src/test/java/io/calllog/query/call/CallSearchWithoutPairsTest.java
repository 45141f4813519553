package io.calllog.query.call;

/**
 * The same searches with {@code calllog.search.phrase-pairs=false}: phrases are found from their words' postings and
 * checked in the calls' texts.
 */
class CallSearchWithoutPairsTest extends CallSearchTest {

    @Override
    CallTerms terms() {
        return new CallTerms(false);
    }
}
