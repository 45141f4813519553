package io.calllog.query.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.events.CallStarted;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.eventstore.personal.DataKey;
import io.calllog.eventstore.personal.DataKeys;
import io.calllog.query.call.CallView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of each message, {@code {"type", "timestamp", "data"}}, made from the event store (never from a
 * projection, so that a rebuild changes nothing): for {@code call.transcript} the line and the call's ids, for the
 * others the call as {@code GET /api/calls/{uuid}} shows it once the projection has that event, folded from the
 * call's events up to it. The same event goes to every endpoint that wants it, so bodies and the calls' events are
 * kept for a while (bounded), and made once. What is kept is kept apart for a call whose personal data is erased
 * (its key destroyed, {@link DataKeys}): a message sent after the erasure, a retry included, is made again from the
 * events as they read now, erased, and never from a body made before.
 */
@Component
class WebhookBodies {

    private static final int CALLS_KEPT = 2_000;
    private static final int BODIES_KEPT = 2_000;

    private final EventStorageEngine events;
    private final ObjectMapper json;
    private final DataKeys keys;
    private final Map<String, List<Object>> calls = lru(CALLS_KEPT);
    private final Map<String, byte[]> bodies = lru(BODIES_KEPT);

    WebhookBodies(EventStorageEngine events, ObjectMapper json, DataKeys keys) {
        this.events = events;
        this.json = json;
        this.keys = keys;
    }

    private static <V> Map<String, V> lru(int size) {
        return new LinkedHashMap<>(size, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > size;
            }
        };
    }

    byte[] of(Message message) {
        String key = cacheKey(message.callUuid()) + "#" + message.sequence();
        synchronized (bodies) {
            byte[] made = bodies.get(key);
            if (made != null) {
                return made;
            }
        }
        byte[] made = make(message);
        synchronized (bodies) {
            bodies.put(key, made);
        }
        return made;
    }

    private byte[] make(Message message) {
        List<Object> payloads = payloadsUpTo(message.callUuid(), message.sequence());
        Object data;
        if (payloads.get((int) message.sequence()) instanceof TranscriptLineAppended line) {
            Map<String, Object> fields = new LinkedHashMap<>();
            CallStarted started = (CallStarted) payloads.get(0);
            fields.put("callUuid", message.callUuid());
            fields.put("campaignUuid", started.campaignUuid());
            fields.put("recordUuid", started.recordUuid());
            fields.put("seq", line.seq());
            fields.put("role", line.role().toString());
            fields.put("text", line.text());
            fields.put("at", line.spokenAt());
            data = fields;
        } else {
            data = CallView.ofEvents(payloads.subList(0, (int) message.sequence() + 1)).orElseThrow(() ->
                    new IllegalStateException("call " + message.callUuid() + " has no start in the event store"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", message.type());
        body.put("timestamp", message.recordedAt());
        body.put("data", data);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook body could not be written", e);
        }
    }

    /** The call's event payloads, at least up to {@code sequence}, from the event store (upcast). */
    private List<Object> payloadsUpTo(String callUuid, long sequence) {
        String key = cacheKey(callUuid);
        synchronized (calls) {
            List<Object> known = calls.get(key);
            if (known != null && known.size() > sequence) {
                return known;
            }
        }
        List<Object> read = events.readEvents(callUuid, 0).asStream().map(DomainEventMessage::getPayload)
                .map(Object.class::cast).toList();
        if (read.size() <= sequence) {
            throw new IllegalStateException("call " + callUuid + " has no event " + sequence + " in the event store");
        }
        synchronized (calls) {
            calls.put(key, read);
        }
        return read;
    }

    /** What the call's bodies and events are kept under: apart once its personal data is erased. */
    private String cacheKey(String callUuid) {
        boolean erased = keys.ofCall(callUuid).map(DataKey::destroyed).orElse(false);
        return erased ? callUuid + "#erased" : callUuid;
    }
}
