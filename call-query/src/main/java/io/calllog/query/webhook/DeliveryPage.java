package io.calllog.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of an endpoint's ledger, newest event first; {@code next} continues with older ones (null: the last). */
@Schema(name = "WebhookDeliveryPage", requiredProperties = {"deliveries", "next"})
record DeliveryPage(List<WebhookDelivery> deliveries, @Schema(nullable = true) String next) {
}
