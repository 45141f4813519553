package io.calllog.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * One line of the call's transcript. Lines may arrive in any order and after the call ended; {@code seq} orders them.
 *
 * @param callUuid the call
 * @param seq      the line's position in the transcript, unique within the call
 * @param role     who spoke
 * @param text     what was said (personal data: {@value PersonalData#ERASED} once erased)
 * @param spokenAt when it was said, as the worker reported it or as the service received it
 */
@Revision("1")
public record TranscriptLineAppended(String callUuid,
                                     int seq,
                                     SpeakerRole role,
                                     @PersonalData(erasedAs = PersonalData.Erased.MARKER) String text,
                                     Instant spokenAt) {
}
