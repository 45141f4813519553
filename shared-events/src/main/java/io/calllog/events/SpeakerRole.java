package io.calllog.events;

/**
 * Who spoke a transcript line. {@link #toString()} is the value as it is spelled on the wire ({@code assistant},
 * {@code user}).
 */
public enum SpeakerRole {
    ASSISTANT("assistant"),
    USER("user");

    private final String wireName;

    SpeakerRole(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
