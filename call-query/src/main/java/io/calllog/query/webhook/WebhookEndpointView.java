package io.calllog.query.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * An endpoint as the admin API shows it. Its signing secret is shown once: in the answer to its creation, and to each
 * rotation; never again, and never in a log.
 */
@Schema(name = "WebhookEndpoint", requiredProperties = {"id", "url", "types", "campaignUuid", "description", "enabled",
        "disabledReason", "failingSince", "lastError", "position", "createdAt", "updatedAt",
        "previousSecretExpiresAt", "heldBy"})
record WebhookEndpointView(String id,
                           String url,
                           @Schema(description = "The message types it receives")
                           List<String> types,
                           @Schema(nullable = true, description = "When set, only this campaign's calls")
                           String campaignUuid,
                           @Schema(nullable = true) String description,
                           boolean enabled,
                           @Schema(nullable = true, description = "Why the service disabled it (410 Gone)")
                           String disabledReason,
                           @Schema(nullable = true, description = "Since when its attempts keep failing: new "
                                   + "messages wait in the feed until a retry gets through")
                           Instant failingSince,
                           @Schema(nullable = true, description = "The latest failed attempt's error, while failing")
                           String lastError,
                           @Schema(description = "The change feed cursor up to which every event it wants has been "
                                   + "delivered, given up or recorded as pending")
                           String position,
                           Instant createdAt,
                           Instant updatedAt,
                           @Schema(nullable = true, description = "Until when the secret before the last rotation "
                                   + "still signs beside the current one")
                           Instant previousSecretExpiresAt,
                           @Schema(nullable = true, description = "The instance delivering its messages (its node "
                                   + "id), while its lease lasts")
                           String heldBy,
                           @JsonInclude(JsonInclude.Include.NON_NULL)
                           @Schema(description = "The signing secret (`whsec_` + base64): only in the answer to the "
                                   + "creation and to a rotation")
                           String secret) {

    static WebhookEndpointView of(WebhookEndpoint endpoint, Instant now, String secret) {
        Instant previousExpires = endpoint.secrets().stream().filter(s -> s.expiresAt() != null && s.liveAt(now))
                .map(SigningSecret::expiresAt).max(Instant::compareTo).orElse(null);
        return new WebhookEndpointView(endpoint.id(), endpoint.url(), endpoint.types(), endpoint.campaignUuid(),
                endpoint.description(), endpoint.enabled(), endpoint.disabledReason(), endpoint.failingSince(),
                endpoint.lastError(), endpoint.cursor(), endpoint.createdAt(), endpoint.updatedAt(), previousExpires,
                endpoint.leaseUntil() != null && endpoint.leaseUntil().isAfter(now) ? endpoint.owner() : null, secret);
    }
}
