package io.calllog.query.webhook;

import java.time.Instant;

/**
 * One message for one endpoint: one change of the feed that the endpoint wants.
 *
 * @param id         the {@code webhook-id}: the same for every attempt, made from the endpoint, the call and the
 *                   event's sequence, so that the same event to the same endpoint is always the same message
 * @param type       {@code call.completed}, ...
 * @param eventIndex the event's global index in the event store (the feed's order)
 * @param recordedAt when the event was stored: the body's {@code timestamp}
 */
record Message(String id, String callUuid, String campaignUuid, String type, long sequence, long eventIndex,
               Instant recordedAt) {
}
