package io.calllog.eventstore.personal;

import io.calllog.events.DataSubject;
import io.calllog.events.PersonalData;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What the event store needs to know of an event type about personal data: its {@link PersonalData} components, and
 * for a call's first event its {@link DataSubject}. Every event names its call in a component {@code callUuid}, whose
 * key seals its personal data. Read once per type from the record's annotations.
 */
record PersonalFields(List<Field> personal, Method callUuid, Method subject, Constructor<?> canonical,
                      List<Method> accessors) {

    static final PersonalFields NONE = new PersonalFields(List.of(), null, null, null, List.of());

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
        if (personal.isEmpty() && subject == null) {
            return NONE;
        }
        RecordComponent[] components = type.getRecordComponents();
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(Arrays.stream(components)
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return new PersonalFields(List.copyOf(personal), callUuid, subject, canonical,
                    Arrays.stream(components).map(RecordComponent::getAccessor).toList());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
        }
    }

    /** The event with each personal component passed through {@code open} (the field and its value). */
    Object opened(Object event, BiFunction<Field, Object, Object> open) {
        Object[] values = new Object[accessors.size()];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            values[i] = read(accessors.get(i), event);
        }
        for (Field field : personal) {
            int at = indexOf(field.name());
            Object opened = open.apply(field, values[at]);
            changed |= opened != values[at];
            values[at] = opened;
        }
        if (!changed) {
            return event;
        }
        try {
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + event.getClass().getName(), e);
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < accessors.size(); i++) {
            if (accessors.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
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
