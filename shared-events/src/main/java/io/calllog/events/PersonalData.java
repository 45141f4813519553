package io.calllog.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event that holds personal data of the person called (what was said, the summary, where the
 * recording is). The event store keeps such a component encrypted under the data key of the event's call
 * ({@code callUuid}); once the key is destroyed (an erasure) the component reads as {@link #erasedAs()} says.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {

    /** What the component reads as once its key is gone. */
    Erased erasedAs() default Erased.NULL;

    enum Erased {
        /** {@code null}: for a component that may be absent anyway. */
        NULL,
        /** {@value PersonalData#ERASED}: for a component that is always there (a transcript line's text). */
        MARKER
    }

    /** The text an erased component that is always there reads as. */
    String ERASED = "[erased]";
}
