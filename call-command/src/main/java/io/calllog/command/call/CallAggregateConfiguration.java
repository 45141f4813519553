package io.calllog.command.call;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What keeps appends to a long call as cheap as appends to a short one, and what settles races between instances:
 * <ul>
 *     <li>a bounded cache of {@link Call} aggregates, so a call that is being talked about is not re-read from the
 *     event store for every line (Axon evicts an entry whenever its unit of work rolls back);</li>
 *     <li>a snapshot every {@code calllog.command.snapshot-threshold} events, taken on a background thread, so a call
 *     that fell out of the cache is rebuilt from one snapshot and a few events;</li>
 *     <li>a command gateway that retries a command which lost a concurrent-append race (a
 *     {@code ConcurrencyException}, or an {@code AggregateStreamCreationException} when two instances start the same
 *     call): the retry re-reads the call, so a repeated fact turns into a no-op. Domain refusals are
 *     non-transient and are not retried.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class CallAggregateConfiguration {

    @Bean(destroyMethod = "close")
    CacheManager callCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean
    Cache callCache(CacheManager callCacheManager,
                    @Value("${calllog.command.cache-size:10000}") long cacheSize) {
        org.ehcache.Cache<Object, Object> calls = callCacheManager.createCache("calls",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(cacheSize)));
        return new EhCache3Adapter((Ehcache<Object, Object>) calls);
    }

    /**
     * Axon's Spring snapshotter, as auto-configuration would declare it, except that snapshots are taken on a
     * background thread instead of the request thread that crossed the threshold. A snapshot is only an optimisation:
     * when the queue is full the request is dropped, and the next threshold takes one.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore,
                                                    TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory,
                                                    Executor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    /**
     * One thread and at most 1,000 snapshots waiting; beyond that a request is dropped. Built with Boot's builder, a
     * bean whose lifecycle is the context's.
     */
    @Bean
    ThreadPoolTaskExecutor snapshotExecutor(ThreadPoolTaskExecutorBuilder builder) {
        return builder.corePoolSize(1).maxPoolSize(1).queueCapacity(1_000).threadNamePrefix("call-snapshotter-")
                .customizers(executor -> {
                    executor.setDaemon(true);
                    executor.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
                })
                .build();
    }

    @Bean
    SnapshotTriggerDefinition callSnapshotTrigger(Snapshotter snapshotter,
                                                  @Value("${calllog.command.snapshot-threshold:200}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** Retries of a command that lost an append race, on Boot's task scheduler (its executor is what Axon takes). */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ThreadPoolTaskScheduler scheduler,
                                  @Value("${calllog.command.max-retries:8}") int maxRetries) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(scheduler.getScheduledExecutor())
                        .backoffFactor(5)
                        .maxRetryCount(maxRetries)
                        .build())
                .build();
    }
}
