package io.calllog.query.feed;

import io.calllog.query.call.CallView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Revision;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls read from the event store rather than the read model: what a page that follows a call live shows, so that it
 * never trails the signals it follows (the read model may, by the projection's lag) and answers during a replay.
 */
@Service
public class CallStories {

    private final EventStorageEngine events;
    private final ChangeFeed feed;

    CallStories(EventStorageEngine events, ChangeFeed feed) {
        this.events = events;
        this.feed = feed;
    }

    /** The call and its timeline, or empty when the store holds no start of it. */
    public Optional<CallStory> of(String uuid) {
        // the position first: whatever is stored after it, a live view that follows from it will be told of
        ChangeCursor position = feed.head();
        List<? extends DomainEventMessage<?>> stored = events.readEvents(uuid, 0).asStream().toList();
        List<StoredEvent> timeline = new ArrayList<>(stored.size());
        for (DomainEventMessage<?> event : stored) {
            ChangeType.of(event.getPayloadType()).ifPresent(type -> timeline.add(new StoredEvent(
                    event.getSequenceNumber(), type.toString(), revisionOf(event.getPayloadType()),
                    event.getTimestamp(), type.data(event.getPayload()))));
        }
        return CallView.ofEvents(stored.stream().map(DomainEventMessage::getPayload).toList())
                .map(call -> new CallStory(call, timeline, position.encode()));
    }

    static String revisionOf(Class<?> payloadType) {
        Revision revision = payloadType.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }
}
