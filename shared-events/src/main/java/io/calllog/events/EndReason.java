package io.calllog.events;

/**
 * Why a call ended, as the telephony worker reports it. {@link #toString()} is the wire spelling
 * ({@code caller-hung-up}). Added in {@link CallCompleted} revision 2; completions recorded before carry the reason
 * their status implies ({@link #impliedBy(CallStatus)}).
 */
public enum EndReason {
    CALLER_HUNG_UP("caller-hung-up"),
    AGENT_HUNG_UP("agent-hung-up"),
    NO_ANSWER("no-answer"),
    BUSY("busy"),
    ERROR("error"),
    UNKNOWN("unknown");

    private final String wireName;

    EndReason(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The reason a status implies when none was reported: an unanswered, busy or failed call says why it ended; a
     * completed one does not say who hung up.
     */
    public static EndReason impliedBy(CallStatus status) {
        return switch (status) {
            case NO_ANSWER -> NO_ANSWER;
            case BUSY -> BUSY;
            case FAILED -> ERROR;
            case COMPLETED -> UNKNOWN;
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
