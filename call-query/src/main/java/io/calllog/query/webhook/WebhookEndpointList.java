package io.calllog.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Every endpoint, oldest first. */
@Schema(name = "WebhookEndpointList", requiredProperties = "webhooks")
record WebhookEndpointList(List<WebhookEndpointView> webhooks) {
}
