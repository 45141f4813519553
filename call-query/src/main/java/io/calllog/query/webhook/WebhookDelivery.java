package io.calllog.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * The ledger: one message to one endpoint and every attempt to deliver it, in the {@code webhook_deliveries}
 * collection of the read model. Its id is the message's {@code webhook-id}.
 *
 * @param nextAttemptAt when it is tried next; null while it waits behind an earlier message of its call, or once
 *                      delivered or given up
 */
@Document(WebhookDelivery.COLLECTION)
@Schema(name = "WebhookDelivery", requiredProperties = {"id", "endpointId", "callUuid", "campaignUuid", "type",
        "sequence", "eventIndex", "recordedAt", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt"})
record WebhookDelivery(@Id @Schema(description = "The message's `webhook-id`") String id,
                       String endpointId,
                       String callUuid,
                       String campaignUuid,
                       @Schema(allowableValues = {"call.started", "call.transcript", "call.completed",
                               "call.summarized", "call.erased"}) String type,
                       @Schema(description = "The call's event number") long sequence,
                       @Schema(description = "The event's position in the event store") long eventIndex,
                       Instant recordedAt,
                       @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
                       List<DeliveryAttempt> attempts,
                       @Schema(nullable = true, description = "When it is tried next; null while it waits behind an "
                               + "earlier message of its call, and once delivered or given up")
                       Instant nextAttemptAt,
                       Instant createdAt,
                       Instant updatedAt) {

    static final String COLLECTION = "webhook_deliveries";

    WebhookDelivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    Message message() {
        return new Message(id, callUuid, campaignUuid, type, sequence, eventIndex, recordedAt);
    }
}
