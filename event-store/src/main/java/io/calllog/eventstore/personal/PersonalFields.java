package io.calllog.eventstore.personal;

import io.calllog.events.DataSubject;
import io.calllog.events.PersonalData;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * What the event store needs to know of an event type about personal data: its {@link PersonalData} components, and
 * for a call's first event its {@link DataSubject}. Every event names its call in a component {@code callUuid}, whose
 * key seals its personal data. Read once per type from the record's annotations.
 */
record PersonalFields(List<Field> personal, Method callUuid, Method subject) {

    static final PersonalFields NONE = new PersonalFields(List.of(), null, null);

    /** One personal component: its JSON name and what it reads as once erased. */
    record Field(String name, PersonalData.Erased erasedAs) {
    }

    static PersonalFields of(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return NONE;
        }
        List<Field> personal = new ArrayList<>();
        Method callUuid = null;
        Method subject = null;
        for (RecordComponent component : type.getRecordComponents()) {
            PersonalData data = component.getAnnotation(PersonalData.class);
            if (data != null) {
                personal.add(new Field(component.getName(), data.erasedAs()));
            }
            if (component.isAnnotationPresent(DataSubject.class)) {
                subject = component.getAccessor();
            }
            if (component.getName().equals("callUuid")) {
                callUuid = component.getAccessor();
            }
        }
        if ((!personal.isEmpty() || subject != null) && callUuid == null) {
            throw new IllegalStateException(type.getName() + " holds personal data but names no callUuid");
        }
        return personal.isEmpty() && subject == null ? NONE : new PersonalFields(List.copyOf(personal), callUuid,
                subject);
    }

    boolean any() {
        return this != NONE;
    }

    String callUuidOf(Object event) {
        return (String) read(callUuid, event);
    }

    String subjectOf(Object event) {
        return (String) read(subject, event);
    }

    private static Object read(Method accessor, Object event) {
        try {
            return accessor.invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        }
    }
}
