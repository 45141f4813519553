package io.calllog.query.feed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.Set;

/**
 * Server-Sent Events that only say "this call changed" ({@value #EVENT}, its data the call's uuid), for pages that
 * re-read what changed (the dashboard). They ride on the same shared reader as the change streams, so they follow the
 * event store, not the read model; each event's {@code id} is the feed's cursor after it, so a browser that reconnects
 * (with {@code Last-Event-ID}) is told of what it missed.
 */
@Service
public class ChangeSignals {

    public static final String EVENT = "changed";

    private final ChangeFeed feed;
    private final ChangeStreams streams;
    private final Duration timeout;

    ChangeSignals(ChangeFeed feed, ChangeStreams streams,
                  @Value("${calllog.changes.stream-timeout:30m}") Duration timeout) {
        this.feed = feed;
        this.streams = streams;
        this.timeout = timeout;
    }

    /**
     * Signals for every change of these calls stored after {@code after}, a cursor of the feed (a
     * {@link CallStory#position()} or the {@code Last-Event-ID} a browser resends); from now when it is null or not a
     * cursor.
     */
    public SseEmitter follow(Set<String> callUuids, String after) {
        ChangeCursor start = null;
        if (after != null) {
            try {
                start = ChangeCursor.decode(after);
            } catch (IllegalArgumentException e) {
                start = null; // a page's own position, mangled: what is stored from now on is still told
            }
        }
        if (start == null) {
            start = feed.head();
        }
        String only = callUuids.size() == 1 ? callUuids.iterator().next() : null;
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        ChangeSubscriber subscriber = streams.subscribe(new ChangeFeed.Request(start, 0, null, only, Set.of()),
                new SignalClient(emitter, Set.copyOf(callUuids)));
        emitter.onCompletion(subscriber::end);
        emitter.onTimeout(subscriber::end);
        emitter.onError(error -> subscriber.end());
        return emitter;
    }

    /** Sends a signal for each change of one of its calls, and nothing of the change itself. */
    private static final class SignalClient extends SseClient {
        private final Set<String> calls;

        SignalClient(SseEmitter emitter, Set<String> calls) {
            super(emitter);
            this.calls = calls;
        }

        @Override
        public void change(ChangeFeed.Positioned event, ChangeCursor position) {
            if (calls.contains(event.change().callUuid())) {
                add(SseFrames.signal(position.encode(), event.change().callUuid()));
            }
        }

        @Override
        public void changes(ReaderBatch batch) {
            for (ChangeFeed.Positioned event : batch.events()) {
                if (event.change() != null) {
                    change(event, event.after());
                }
            }
        }
    }
}
