package io.calllog.events;

import org.axonframework.serialization.Revision;

/**
 * The AI's summary of the call. A call may be summarised again (re-analysis): the latest summary wins.
 *
 * @param callUuid the call
 * @param summary  the summary text (personal data: {@code null} once erased)
 */
@Revision("1")
public record CallSummarized(String callUuid, @PersonalData String summary) {
}
