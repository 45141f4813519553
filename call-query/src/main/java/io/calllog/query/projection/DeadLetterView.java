package io.calllog.query.projection;

import java.time.Instant;

/**
 * One dead-lettered event as the admin API shows it: which event (type, call, its position in the call's stream and
 * the event's id), why (the cause's type and message), since when, and how many times it was tried.
 */
record DeadLetterView(String eventId, String eventType, String callUuid, Long sequenceNumber, String causeType,
                      String causeMessage, Instant enqueuedAt, Instant lastTouched, long attempts) {
}
