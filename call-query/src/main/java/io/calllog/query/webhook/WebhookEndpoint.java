package io.calllog.query.webhook;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * An endpoint messages are delivered to, in the {@code webhook_endpoints} collection of the read model.
 *
 * @param types          the message types it receives ({@code call.completed}, ...)
 * @param campaignUuid   when set, only that campaign's calls
 * @param disabledReason why it was disabled, when the service disabled it (410 Gone); null otherwise
 * @param secrets        the secrets that sign its messages: the current one last
 * @param cursor         the change feed's position up to which every matching event has been delivered, given up,
 *                       or recorded in the ledger as pending
 * @param owner          the instance delivering its messages, while {@code leaseUntil} has not passed
 * @param failingSince   since when its attempts keep failing (set by the instance that delivers), or null
 * @param lastError      the latest failed attempt's error, while failing
 */
@Document(WebhookEndpoint.COLLECTION)
record WebhookEndpoint(@Id String id, String url, List<String> types, String campaignUuid, String description,
                       boolean enabled, String disabledReason, List<SigningSecret> secrets, String cursor,
                       Instant createdAt, Instant updatedAt, String owner, Instant leaseUntil,
                       Instant failingSince, String lastError) {

    static final String COLLECTION = "webhook_endpoints";

    WebhookEndpoint {
        types = List.copyOf(types);
        secrets = List.copyOf(secrets);
    }

    /** Whether a change of this call's campaign and of this type is for this endpoint. */
    boolean wants(String changeType, String campaign) {
        return WebhookEventType.of(changeType).map(type -> types.contains(type.toString())).orElse(false)
                && (campaignUuid == null || campaignUuid.equals(campaign));
    }

    /** The secrets that sign a message now: the current one, and those rotated out less than the overlap ago. */
    List<SigningSecret> signingAt(Instant now) {
        return secrets.stream().filter(secret -> secret.liveAt(now)).toList();
    }
}
