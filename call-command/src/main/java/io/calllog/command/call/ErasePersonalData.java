package io.calllog.command.call;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Erase the call's personal data: destroy its data key and record {@link io.calllog.events.PersonalDataErased}.
 * Asking again is a no-op.
 *
 * @param callUuid the call
 * @param erasedAt when it was asked for
 * @param erasedBy the API key that asked
 * @param reason   why, as the requester put it
 */
public record ErasePersonalData(@TargetAggregateIdentifier String callUuid, Instant erasedAt, String erasedBy,
                                String reason) {
}
