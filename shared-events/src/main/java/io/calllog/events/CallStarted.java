package io.calllog.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A call began: the first event of every call.
 *
 * @param callUuid     the worker's id of the call (the telephony provider's call id)
 * @param campaignUuid the campaign the call belongs to
 * @param recordUuid   the campaign record (the person called) the call is about
 * @param direction    outbound or inbound
 * @param startedAt    when the call began, as the worker reported it or as the service received it
 */
@Revision("1")
public record CallStarted(String callUuid,
                          String campaignUuid,
                          @DataSubject String recordUuid,
                          Direction direction,
                          Instant startedAt) {
}
