package io.calllog.query.webhook;

import io.calllog.query.feed.ChangeFeed;
import io.calllog.query.projection.ProjectionNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers the messages of the endpoints this instance holds. Every second it renews its leases and takes the
 * enabled endpoints no instance holds (at start, and when another instance's lease passed: it was killed, or it let
 * go when it stopped); each endpoint it holds runs its {@link EndpointDelivery} every {@code poll-interval}. An
 * endpoint is delivered by one instance at a time, so several call-query instances never send the same attempt.
 */
@Component
class WebhookDispatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatch.class);

    /** What every endpoint's delivery uses. */
    record Services(ChangeFeed feed, FeedWindow window, WebhookBodies bodies, WebhookSender sender, DeliveryLedger ledger,
                    WebhookEndpoints endpoints, WebhookProperties properties, Clock clock, String node,
                    Executor executor, WebhookMetrics metrics) {

        /** The endpoint is gone (410): it is disabled, and nothing is sent to it until it is enabled again. */
        void disable(String endpointId, String reason) {
            endpoints.update(endpointId, new Update().set("enabled", false).set("disabledReason", reason)
                    .set("updatedAt", clock.instant()));
            log.warn("Webhook endpoint {} is disabled: {}", endpointId, reason);
        }
    }

    private record Held(EndpointDelivery delivery, ScheduledFuture<?> ticks, Runnable gauge) {
    }

    private final Services services;
    private final ThreadPoolTaskScheduler scheduler;
    private final ThreadPoolTaskExecutor executor;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile boolean running;
    private ScheduledFuture<?> renewals;
    private ScheduledFuture<?> purges;

    WebhookDispatch(ChangeFeed feed, FeedWindow window, WebhookBodies bodies, WebhookSender sender, DeliveryLedger ledger,
                    WebhookEndpoints endpoints, WebhookProperties properties, ProjectionNode node,
                    WebhookMetrics metrics, ThreadPoolTaskSchedulerBuilder schedulers,
                    ThreadPoolTaskExecutorBuilder executors) {
        this.scheduler = schedulers.poolSize(2).threadNamePrefix("webhook-round-").build();
        this.scheduler.setDaemon(true);
        this.executor = executors.corePoolSize(4).maxPoolSize(4).queueCapacity(Integer.MAX_VALUE)
                .threadNamePrefix("webhook-record-").build();
        this.executor.setDaemon(true);
        this.services = new Services(feed, window, bodies, sender, ledger, endpoints, properties, Clock.systemUTC(), node.id(),
                executor, metrics);
    }

    @Override
    public void start() {
        running = true;
        services.ledger().ensureIndexes();
        if (!services.properties().dispatch()) {
            return;
        }
        scheduler.initialize();
        executor.initialize();
        renewals = scheduler.scheduleWithFixedDelay(this::renew, Duration.ofSeconds(1));
        purges = scheduler.scheduleWithFixedDelay(this::purge, Duration.ofHours(1));
    }

    /** The ledger keeps what is done for {@code ledger-retention}; what is pending, until it is done. */
    void purge() {
        try {
            long purged = services.ledger().purgeDone(services.clock().instant()
                    .minus(services.properties().ledgerRetention()));
            if (purged > 0) {
                log.info("Forgot {} webhook deliveries done more than {} ago", purged,
                        services.properties().ledgerRetention());
            }
        } catch (RuntimeException e) {
            log.warn("Purging the webhook ledger failed; trying again in an hour", e);
        }
    }

    /** Renews this instance's leases, takes the endpoints no one holds, and lets go of those it may no longer hold. */
    void renew() {
        if (!running) {
            return;
        }
        try {
            Instant now = services.clock().instant();
            Map<String, WebhookEndpoint> stored = services.endpoints().all().stream()
                    .collect(Collectors.toMap(WebhookEndpoint::id, Function.identity()));
            held.keySet().stream().filter(id -> !stored.containsKey(id) || !stored.get(id).enabled()).toList()
                    .forEach(this::drop);
            for (WebhookEndpoint endpoint : stored.values()) {
                if (!endpoint.enabled()) {
                    continue;
                }
                var lease = services.endpoints().hold(endpoint.id(), services.node(), now,
                        now.plus(services.properties().lease()));
                Held current = held.get(endpoint.id());
                if (lease.isEmpty() || (current != null && current.delivery().stopped())) {
                    drop(endpoint.id());
                } else if (current != null) {
                    current.delivery().renewed(lease.get());
                } else {
                    take(lease.get());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Renewing the webhook endpoints' leases failed; trying again", e);
        }
    }

    private void take(WebhookEndpoint endpoint) {
        EndpointDelivery delivery = new EndpointDelivery(endpoint, services);
        ScheduledFuture<?> ticks = scheduler.scheduleWithFixedDelay(delivery::tick,
                services.properties().pollInterval());
        held.put(endpoint.id(), new Held(delivery, ticks,
                services.metrics().followOldestPending(endpoint.id(), delivery::oldestPending)));
        log.info("This instance delivers webhook endpoint {} now", endpoint.id());
    }

    private void drop(String id) {
        Held dropped = held.remove(id);
        if (dropped != null) {
            dropped.delivery().stop();
            dropped.ticks().cancel(false);
            dropped.gauge().run();
        }
    }

    /** Stops delivering and lets go of every endpoint, so that another instance takes them over at once. */
    @Override
    public void stop() {
        running = false;
        if (renewals != null) {
            renewals.cancel(false);
            purges.cancel(false);
        }
        for (String id : held.keySet()) {
            drop(id);
            try {
                services.endpoints().release(id, services.node());
            } catch (RuntimeException e) {
                log.info("Webhook endpoint {} could not be let go of; its lease passes by itself", id);
            }
        }
        scheduler.shutdown();
        executor.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
