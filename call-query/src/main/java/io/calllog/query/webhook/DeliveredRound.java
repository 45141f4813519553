package io.calllog.query.webhook;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * The messages one round delivered at their first attempt, in one document of {@code webhook_delivered}: the ledger's
 * common case, written once per round instead of once per message (at 500 events/s to 10 endpoints, 200 writes a
 * second instead of 5,000). Every other message (retried, pending, given up, sent again) has a document of its own in
 * {@code webhook_deliveries}, which supersedes its entry here. The API shows both as one ledger.
 *
 * @param minIndex the lowest event index among its messages
 * @param maxIndex the highest
 */
@Document(DeliveredRound.COLLECTION)
record DeliveredRound(@Id String id, String endpointId, long minIndex, long maxIndex, Instant at,
                      List<Delivered> deliveries) {

    static final String COLLECTION = "webhook_delivered";

    /** One message delivered at its first attempt ({@code messageId}: a nested {@code id} would be mapped as {@code _id}). */
    record Delivered(String messageId, String callUuid, String campaignUuid, String type, long sequence, long eventIndex,
                     Instant recordedAt, Instant at, int statusCode, long latencyMs) {

        WebhookDelivery asDelivery(String endpointId) {
            return new WebhookDelivery(messageId, endpointId, callUuid, campaignUuid, type, sequence, eventIndex, recordedAt,
                    DeliveryStatus.DELIVERED.toString(), List.of(new DeliveryAttempt(at, statusCode, latencyMs, null)),
                    null, at, at);
        }
    }
}
