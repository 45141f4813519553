package io.calllog.query.feed;

import java.nio.charset.StandardCharsets;

/** The Server-Sent Events frames the streams write, as bytes (UTF-8, the only encoding of the format). */
final class SseFrames {

    static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private SseFrames() {
    }

    /** A change: {@code id} the position to resume from, {@code event} its type, {@code data} its JSON (one line). */
    static byte[] change(String id, String type, String json) {
        return ("id:" + id + "\nevent:" + type + "\ndata:" + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A signal that a call changed ({@link ChangeSignals}): {@code id} the position to resume from. */
    static byte[] signal(String id, String callUuid) {
        return ("id:" + id + "\nevent:" + ChangeSignals.EVENT + "\ndata:" + callUuid + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The last frame of a stream whose client fell a buffer behind: where to resume from. */
    static byte[] overflow(String resumeAfter) {
        return ("event:overflow\ndata:{\"after\":\"" + resumeAfter + "\"}\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
