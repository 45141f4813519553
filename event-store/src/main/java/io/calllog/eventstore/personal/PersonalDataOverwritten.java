package io.calllog.eventstore.personal;

/**
 * A Spring application event: personal data was overwritten in a store of this process (a key destroyed, plain text
 * sealed by {@link PlaintextUpgrade}, an erased call's read-model document rewritten). Embedded stores keep
 * overwritten pages in their files until they are compacted, so each compacts fully at its next clean stop.
 *
 * @param store what was overwritten: {@link #EVENT_STORE} or {@link #READ_MODEL}
 */
public record PersonalDataOverwritten(String store) {

    public static final String EVENT_STORE = "event store";
    public static final String READ_MODEL = "read model";
}
