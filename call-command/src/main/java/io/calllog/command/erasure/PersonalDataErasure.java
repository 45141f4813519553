package io.calllog.command.erasure;

import io.calllog.command.call.ErasePersonalData;
import io.calllog.eventstore.personal.DataKeys;
import io.calllog.eventstore.personal.PersonalDataOverwritten;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Erases personal data: one {@link ErasePersonalData} command per call (its key destroyed in the transaction that
 * appends its {@code PersonalDataErased} event), the calls of a record as the key table lists them (every call that
 * started has a key filed under its record). Each call is erased on its own: a failure leaves the calls before it
 * erased and the request can be repeated, as every step is idempotent.
 */
@Service
class PersonalDataErasure {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataErasure.class);

    private final CommandGateway commands;
    private final DataKeys keys;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PersonalDataErasure(CommandGateway commands, DataKeys keys, ApplicationEventPublisher events) {
        this.commands = commands;
        this.keys = keys;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    /** Erases one call; empty when no such call started. */
    Optional<ErasureReceipt> eraseCall(String callUuid, String erasedBy, String reason) {
        Optional<String> record = keys.recordOf(callUuid);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try {
            boolean erasedNow = erase(callUuid, now, erasedBy, reason);
            return Optional.of(new ErasureReceipt(record.get(), List.of(new ErasureReceipt.ErasedCall(callUuid,
                    erasedNow)), now));
        } catch (AggregateNotFoundException e) {
            return Optional.empty(); // a key without events: its call's first event was never stored
        }
    }

    /** Erases every call of a record (none: an empty list). */
    ErasureReceipt eraseRecord(String recordUuid, String erasedBy, String reason) {
        Instant now = clock.instant();
        List<ErasureReceipt.ErasedCall> erased = new ArrayList<>();
        for (String callUuid : keys.callsOf(recordUuid)) {
            try {
                erased.add(new ErasureReceipt.ErasedCall(callUuid, erase(callUuid, now, erasedBy, reason)));
            } catch (AggregateNotFoundException e) {
                keys.destroy(callUuid); // a key without events: nothing to record, nothing to keep
            }
        }
        return new ErasureReceipt(recordUuid, erased, now);
    }

    private boolean erase(String callUuid, Instant at, String erasedBy, String reason) {
        boolean erasedNow = commands.<Boolean>sendAndWait(new ErasePersonalData(callUuid, at, erasedBy, reason));
        if (erasedNow) {
            log.info("Erased the personal data of call {} (asked by {})", callUuid, erasedBy);
        }
        events.publishEvent(new PersonalDataOverwritten(PersonalDataOverwritten.EVENT_STORE));
        return erasedNow;
    }
}
