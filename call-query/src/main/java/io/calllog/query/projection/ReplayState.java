package io.calllog.query.projection;

import java.util.Arrays;
import java.util.Set;

/**
 * The life of a replay, as its {@link ReplayLease} records it: {@code resetting} (every instance lets go of the
 * projection, then its requester clears it) → {@code replaying} (every instance processes its share again) →
 * {@code done}; {@code failed} from either active state. A finished replay's lease may be taken again by a new one.
 * {@link #toString()} is the spelling stored in the lease and shown by the admin API.
 */
public enum ReplayState {
    RESETTING("resetting"),
    REPLAYING("replaying"),
    DONE("done"),
    FAILED("failed");

    private final String wireName;

    ReplayState(String wireName) {
        this.wireName = wireName;
    }

    /** Resetting or replaying: while a lease is active, no other replay of its projection may start. */
    boolean active() {
        return this == RESETTING || this == REPLAYING;
    }

    /** The states a lease in this state may move to. */
    Set<ReplayState> next() {
        return switch (this) {
            case RESETTING -> Set.of(REPLAYING, FAILED);
            case REPLAYING -> Set.of(DONE, FAILED);
            case DONE, FAILED -> Set.of(RESETTING);
        };
    }

    static ReplayState of(String wireName) {
        return Arrays.stream(values()).filter(state -> state.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown replay state '" + wireName + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
