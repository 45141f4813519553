package io.calllog.query.feed;

import io.calllog.events.CallStarted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The campaign of a call, which only its start names: read from the call's first stored event and kept (a call never
 * changes campaign) in a bounded cache of the most recently asked calls.
 */
@Component
class CampaignsOfCalls {

    private static final int CACHED = 100_000;

    private final EventStorageEngine events;
    private final Map<String, String> cache = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHED;
        }
    };

    CampaignsOfCalls(EventStorageEngine events) {
        this.events = events;
    }

    /** Remembers the campaign a start names. */
    synchronized void started(CallStarted started) {
        cache.put(started.callUuid(), started.campaignUuid());
    }

    /** The call's campaign; null for a call whose start is not stored. */
    String of(String callUuid) {
        synchronized (this) {
            String known = cache.get(callUuid);
            if (known != null) {
                return known;
            }
        }
        return events.readEvents(callUuid, 0).asStream().findFirst()
                .map(DomainEventMessage::getPayload)
                .filter(CallStarted.class::isInstance).map(CallStarted.class::cast)
                .map(started -> {
                    started(started);
                    return started.campaignUuid();
                }).orElse(null);
    }
}
