package io.calllog.command.ingestion;

/** The hard limits of the ingestion API (documented in docs/ingestion.md). */
final class Limits {

    /** Transcript line text and summary, in characters. */
    static final int MAX_TEXT = 10_000;
    /** Items in one {@code POST /api/events}. */
    static final int MAX_BATCH_ITEMS = 1_000;
    /** A recording URL, in characters. */
    static final int MAX_URL = 2_048;

    private Limits() {
    }
}
