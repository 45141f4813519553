package io.calllog.query.feed;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.PersonalDataErased;
import io.calllog.events.TranscriptLineAppended;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of change the feed hands out, named as the ingestion contract names the events, each with the event's
 * fields spelled as that contract spells them ({@code data}).
 */
public enum ChangeType {

    STARTED("started", CallStarted.class, event -> {
        CallStarted started = (CallStarted) event;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignUuid", started.campaignUuid());
        data.put("recordUuid", started.recordUuid());
        data.put("direction", started.direction().toString());
        data.put("startedAt", started.startedAt());
        return data;
    }),
    TRANSCRIPT("transcript", TranscriptLineAppended.class, event -> {
        TranscriptLineAppended line = (TranscriptLineAppended) event;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seq", line.seq());
        data.put("role", line.role().toString());
        data.put("text", line.text());
        data.put("at", line.spokenAt());
        return data;
    }),
    COMPLETED("completed", CallCompleted.class, event -> {
        CallCompleted completed = (CallCompleted) event;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", completed.status().toString());
        data.put("duration", completed.durationSeconds());
        data.put("cost", completed.cost());
        data.put("recordingUrl", completed.recordingUrl());
        data.put("endedAt", completed.endedAt());
        data.put("endReason", completed.endReason() == null ? null : completed.endReason().toString());
        return data;
    }),
    SUMMARIZED("summarized", CallSummarized.class, event -> {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", ((CallSummarized) event).summary());
        return data;
    }),
    /** The call's personal data was erased: its earlier changes read erased from then on (docs/privacy.md). */
    ERASED("erased", PersonalDataErased.class, event -> {
        PersonalDataErased erased = (PersonalDataErased) event;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("recordUuid", erased.recordUuid());
        data.put("erasedAt", erased.erasedAt());
        data.put("erasedBy", erased.erasedBy());
        data.put("reason", erased.reason());
        return data;
    });

    static final List<String> NAMES = Arrays.stream(values()).map(ChangeType::toString).toList();
    // looked up for every event the feed and the streams read, and for every change a subscriber filters
    private static final Map<Class<?>, ChangeType> BY_PAYLOAD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(type -> type.payloadType, type -> type));
    private static final Map<String, ChangeType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(type -> type.name, type -> type));

    private final String name;
    private final Class<?> payloadType;
    private final Function<Object, Map<String, Object>> data;

    ChangeType(String name, Class<?> payloadType, Function<Object, Map<String, Object>> data) {
        this.name = name;
        this.payloadType = payloadType;
        this.data = data;
    }

    /** The kind of change an event is; empty for an event that is not one of a call's facts. */
    static Optional<ChangeType> of(Class<?> payloadType) {
        return Optional.ofNullable(BY_PAYLOAD.get(payloadType));
    }

    static Optional<ChangeType> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    Map<String, Object> data(Object payload) {
        return data.apply(payload);
    }

    @Override
    public String toString() {
        return name;
    }
}
