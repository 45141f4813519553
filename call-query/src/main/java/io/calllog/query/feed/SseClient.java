package io.calllog.query.feed;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A subscriber's changes as Server-Sent Events, written as bytes: the frames of a read are made once for every
 * subscriber that takes them whole ({@link ReaderBatch#frames()}), a change's frame once for every subscriber
 * whose position after it is the shared reader's ({@link ChangeFeed.Positioned#frame()}), and what a drain has for
 * its client goes out in one write. Between drains it holds no frames.
 */
class SseClient implements ChangeSubscriber.Client {
    private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;
    private final SseEmitter emitter;
    private final List<byte[]> pending = new ArrayList<>();

    SseClient(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void change(ChangeFeed.Positioned event, ChangeCursor position) {
        add(position.equals(event.after()) ? event.frame()
                : SseFrames.change(position.encode(), event.change().type(), event.json()));
    }

    @Override
    public void changes(ReaderBatch batch) {
        add(batch.frames());
    }

    @Override
    public void heartbeat() {
        add(SseFrames.HEARTBEAT);
    }

    @Override
    public void overflow(String cursor) {
        add(SseFrames.overflow(cursor));
    }

    void add(byte[] frames) {
        if (frames.length > 0) {
            pending.add(frames);
        }
    }

    /** Writes what was added: a batch's shared frames as they are when they are all there is. */
    @Override
    public void flush() throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.get(0);
        if (pending.size() > 1) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            pending.forEach(joined::writeBytes);
            bytes = joined.toByteArray();
        }
        pending.clear();
        emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(bytes, EVENT_STREAM)));
    }

    @Override
    public void close() {
        emitter.complete();
    }
}
