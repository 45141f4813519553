package io.calllog.query.webhook;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code webhooks}: the endpoints the service disabled (410 Gone) and those
 * failing (their attempts keep failing), each with why. It stays UP: a receiver's outage is the receiver's, and must
 * not take this service out of rotation; alert on these details or on {@code calllog.webhooks.oldest.pending.age}.
 */
@Component("webhooks")
class WebhooksHealth extends AbstractHealthIndicator {

    private final WebhookEndpoints endpoints;

    WebhooksHealth(WebhookEndpoints endpoints) {
        super("webhook endpoints could not be read");
        this.endpoints = endpoints;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        List<WebhookEndpoint> all = endpoints.all();
        Map<String, Object> disabled = new LinkedHashMap<>();
        Map<String, Object> failing = new LinkedHashMap<>();
        for (WebhookEndpoint endpoint : all) {
            if (!endpoint.enabled()) {
                disabled.put(endpoint.id(), endpoint.disabledReason() == null ? "disabled by an administrator"
                        : endpoint.disabledReason());
            } else if (endpoint.failingSince() != null) {
                failing.put(endpoint.id(), Map.of("since", endpoint.failingSince().toString(),
                        "lastError", endpoint.lastError() == null ? "" : endpoint.lastError()));
            }
        }
        health.up().withDetail("endpoints", all.size()).withDetail("disabled", disabled).withDetail("failing", failing);
    }
}
