package io.calllog.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the component of a call's first event that names the person the call's {@link PersonalData} is about (the
 * campaign record): the event store files the call's data key under it, so that erasing a record destroys the keys of
 * all its calls.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DataSubject {
}
