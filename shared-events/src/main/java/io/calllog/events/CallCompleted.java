package io.calllog.events;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The call ended. Recorded once per call.
 *
 * @param callUuid        the call
 * @param status          how it ended
 * @param durationSeconds how long it lasted, in whole seconds
 * @param cost            what it cost, a decimal amount
 * @param recordingUrl    where the recording is (http or https), or {@code null} (personal data: {@code null} once
 *                        erased)
 * @param endedAt         when it ended, as the worker reported it or as the service received it
 * @param endReason       why it ended (since revision 2; revision 1 events are upcast with the reason their status
 *                        implies)
 */
@Revision("2")
public record CallCompleted(String callUuid,
                            CallStatus status,
                            long durationSeconds,
                            BigDecimal cost,
                            @PersonalData String recordingUrl,
                            Instant endedAt,
                            EndReason endReason) {
}
