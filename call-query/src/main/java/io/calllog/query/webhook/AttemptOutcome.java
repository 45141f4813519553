package io.calllog.query.webhook;

/** What an attempt means for its message: delivered, to be retried, given up, or the endpoint is gone (410). */
enum AttemptOutcome {

    DELIVERED("delivered"), RETRY("retrying"), GIVE_UP("given-up"), GONE("gone");

    private final String tag;

    AttemptOutcome(String tag) {
        this.tag = tag;
    }

    /** The spelling in metrics ({@code outcome} tag). */
    String tag() {
        return tag;
    }
}
