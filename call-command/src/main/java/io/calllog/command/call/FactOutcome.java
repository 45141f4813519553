package io.calllog.command.call;

import java.util.List;

/**
 * What the {@link Call} aggregate decided about one fact of a {@link RecordCallFacts} command.
 *
 * @param result      the decision
 * @param fields      for {@link Result#CONFLICT}: the fields whose values differ from what is recorded
 * @param explanation a sentence for the worker, or {@code null} when the fact was recorded
 */
public record FactOutcome(Result result, List<String> fields, String explanation) {

    public enum Result {
        /** New: its event is now in the event store. */
        RECORDED,
        /** A repeat of what is already recorded: nothing appended. */
        ALREADY_RECORDED,
        /** Contradicts what is already recorded: nothing appended. */
        CONFLICT,
        /** The call has not started (yet): nothing appended. */
        CALL_NOT_STARTED,
        /** The call's personal data was erased: nothing of it is stored again, nothing appended. */
        ERASED
    }

    public FactOutcome {
        fields = List.copyOf(fields);
    }

    public static FactOutcome recorded() {
        return new FactOutcome(Result.RECORDED, List.of(), null);
    }

    public static FactOutcome alreadyRecorded() {
        return new FactOutcome(Result.ALREADY_RECORDED, List.of(), "already recorded with the same values");
    }

    public static FactOutcome conflict(List<String> fields, String explanation) {
        return new FactOutcome(Result.CONFLICT, fields, explanation);
    }

    public static FactOutcome callNotStarted(String callUuid) {
        return new FactOutcome(Result.CALL_NOT_STARTED, List.of(),
                "call " + callUuid + " has not started: post its 'started' event first");
    }

    public static FactOutcome erased(String callUuid) {
        return new FactOutcome(Result.ERASED, List.of(), "the personal data of call " + callUuid
                + " was erased: its events are no longer taken");
    }
}
