package io.calllog.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The call's personal data was erased: its data key is destroyed, so the {@link PersonalData} of its events (transcript
 * texts, summaries, the recording's URL) can no longer be read anywhere; its other facts (when, how long, what it cost)
 * stay. Recorded once per call.
 *
 * @param callUuid   the call
 * @param recordUuid the record (the person called) the call is about
 * @param erasedAt   when the key was destroyed
 * @param erasedBy   the API key that asked for it
 * @param reason     why, as the requester put it (a ticket or a legal basis, not personal data)
 */
@Revision("1")
public record PersonalDataErased(String callUuid,
                                 String recordUuid,
                                 Instant erasedAt,
                                 String erasedBy,
                                 String reason) {
}
