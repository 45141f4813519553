package io.calllog.command.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStatus;
import io.calllog.events.EndReason;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the {@link Call} aggregate keeps of its completion to tell a repeat from a contradiction: the event's facts,
 * with the recording's URL (personal data) as a digest under the call's key.
 *
 * @param recordingUrlDigest {@code null} when the call has no recording, or once it is erased
 */
record Completion(CallStatus status, long durationSeconds, BigDecimal cost, String recordingUrlDigest,
                  Instant endedAt, EndReason endReason) {

    static Completion of(CallCompleted event, String recordingUrlDigest) {
        return new Completion(event.status(), event.durationSeconds(), event.cost(), recordingUrlDigest,
                event.endedAt(), event.endReason());
    }
}
