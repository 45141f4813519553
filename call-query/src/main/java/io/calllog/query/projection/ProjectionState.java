package io.calllog.query.projection;

/**
 * What a projection is doing, as {@code GET /api/admin/projections} shows it: {@code failing} (its processor or a
 * segment is in error), {@code replaying} (a replay's lease is active, or a segment is still behind the point where
 * its replay began), {@code stopped} (on this instance) or {@code running}, first match in that order.
 * {@link #toString()} is the spelling the admin API shows.
 */
public enum ProjectionState {
    RUNNING("running"),
    REPLAYING("replaying"),
    STOPPED("stopped"),
    FAILING("failing");

    private final String wireName;

    ProjectionState(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
