package io.calllog.events;

/**
 * Who placed the call. {@link #toString()} is the value as it is spelled on the wire ({@code outbound}, {@code inbound});
 * the JSON mappers of this service read and write enums through {@code toString()}.
 */
public enum Direction {
    OUTBOUND("outbound"),
    INBOUND("inbound");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
