package io.calllog.events;

/**
 * How a call ended. {@link #toString()} is the value as it is spelled on the wire ({@code completed}, {@code failed},
 * {@code busy}, {@code no-answer}). A call that has not ended has no {@code CallStatus}: the read model shows it as
 * {@code in-progress}.
 */
public enum CallStatus {
    COMPLETED("completed"),
    FAILED("failed"),
    BUSY("busy"),
    NO_ANSWER("no-answer");

    private final String wireName;

    CallStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
