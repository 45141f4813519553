package io.calllog.query.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The webhooks' meters, per endpoint: {@code calllog.webhooks.deliveries} (messages delivered),
 * {@code calllog.webhooks.failures} (failed attempts, by {@code outcome}: {@code retrying}, {@code given-up},
 * {@code gone}) and {@code calllog.webhooks.oldest.pending.age} (seconds since the oldest event not yet delivered to
 * it was stored; 0 when none), the last on the instance that delivers the endpoint.
 */
@Component
class WebhookMetrics {

    private final MeterRegistry meters;
    private final Clock clock;

    WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    void attempted(String endpointId, AttemptOutcome outcome) {
        if (outcome == AttemptOutcome.DELIVERED) {
            Counter.builder("calllog.webhooks.deliveries").description("Webhook messages delivered")
                    .tag("endpoint", endpointId).register(meters).increment();
        } else {
            Counter.builder("calllog.webhooks.failures").description("Webhook attempts that failed, by what follows")
                    .tag("endpoint", endpointId).tag("outcome", outcome.tag()).register(meters).increment();
        }
    }

    /** Follows the oldest pending message of an endpoint this instance delivers; answers how to stop following it. */
    Runnable followOldestPending(String endpointId, Supplier<Instant> oldest) {
        Gauge gauge = Gauge.builder("calllog.webhooks.oldest.pending.age", () -> {
                    Instant since = oldest.get();
                    return since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
                }).description("Seconds since the oldest event not yet delivered to the endpoint was stored")
                .baseUnit("seconds").tag("endpoint", endpointId).register(meters);
        return () -> meters.remove(gauge);
    }
}
