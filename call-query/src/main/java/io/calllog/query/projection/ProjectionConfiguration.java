package io.calllog.query.projection;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * How the projections run, wired deliberately (the known traps of Axon with MongoDB tokens and a JDBC event store):
 * <ul>
 *     <li>tracking tokens live in MongoDB next to the read model ({@link MongoTokenStore}, which has no Boot
 *     auto-configuration), in the {@code trackingtokens} collection of the read model's database, so that tokens and
 *     projections are backed up, lost and reset together;</li>
 *     <li>the processors run without a transaction manager. Axon would otherwise hand them the JDBC one of the event
 *     store's DataSource, which guards nothing that they write. Reading events opens its own JDBC transaction in the
 *     storage engine; writes to MongoDB are made idempotent by the projection runtime ({@link ProjectionRuntime});</li>
 *     <li>a handler that fails fails its batch: Axon's default would log the error and move on, storing the token
 *     past events whose writes were lost. Propagated, the batch is rolled back and retried from the stored token
 *     (with back-off), and the projections' idempotence absorbs what the failed attempt had written;</li>
 *     <li>except for an event that cannot be handled (not the database's failure, see {@link DeadLetterPolicy}): it
 *     goes to its projection's dead-letter queue, in MongoDB beside the tokens ({@code deadletters}), with the later
 *     events of its call, so that one bad event blocks one call, not the projection ({@link DeadLetters});</li>
 *     <li>each projection is a pooled streaming processor (properties {@code axon.eventhandling.processors.*}), whose
 *     segments are claimed through the token store, so several call-query instances share the work.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ProjectionConfiguration {

    @Bean
    ProjectionNode projectionNode(@Value("${calllog.query.node-id:}") String nodeId) {
        return new ProjectionNode(nodeId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : nodeId);
    }

    /** The processing groups of the event handler beans, read from their annotation without creating them. */
    static Set<String> processingGroups(ListableBeanFactory beans) {
        Set<String> groups = new TreeSet<>();
        for (String name : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = beans.findAnnotationOnBean(name, ProcessingGroup.class);
            if (group != null) {
                groups.add(group.value());
            }
        }
        return groups;
    }

    /**
     * Replaces Axon's default correlation data provider (in the all-in-one app too, where it keeps the commands'
     * correlation): see {@link OriginOfCommandsAndQueries}.
     */
    @Bean
    OriginOfCommandsAndQueries originOfCommandsAndQueries() {
        return new OriginOfCommandsAndQueries();
    }

    /** Axon's own access to the read model's database: its tokens and dead letters. */
    @Bean
    MongoTemplate axonMongoTemplate(MongoDatabaseFactory mongo) {
        return DefaultMongoTemplate.builder().mongoDatabase(mongo.getMongoDatabase()).build();
    }

    @Bean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer, ProjectionNode node,
                          @Value("${calllog.query.token-claim-timeout:10s}") Duration claimTimeout) {
        return MongoTokenStore.builder()
                .nodeId(node.id())
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
    }

    @Bean
    ConfigurerModule projectionsWithoutJdbcTransactionsAndWithoutSwallowedErrors() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultTransactionManager(c -> NoTransactionManager.INSTANCE)
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultDeadLetterPolicy(c -> new DeadLetterPolicy())
                .registerDefaultHandlerInterceptor((c, group) -> ProjectionBatch.flushingAtTheEndOfEachBatch()));
    }

    /**
     * Defaults for every pooled processor (every projection):
     * <ul>
     * <li>It reads the event store through a {@link PromptEventSource}, which tells it to look for new events every
     * {@code calllog.projections.idle-poll-interval} (50 ms) once it has caught up, instead of Axon's 500 ms.</li>
     * <li>A segment with nothing to handle stores its position (and extends its claim) every
     * {@code calllog.projections.claim-extension} (1 s) instead of Axon's 5 s. A replay is done when every segment's
     * stored token has passed the point where it began, and the segments whose last events came early only store
     * theirs at that extension: with Axon's default a replay was reported done up to 5 s after its last event. Live
     * it costs one token write per idle segment per second. It must stay below the claim timeout.</li>
     * </ul>
     */
    @Bean
    ConfigurerModule pooledProcessorDefaults(
            @Value("${calllog.projections.idle-poll-interval:50ms}") Duration idlePollInterval,
            @Value("${calllog.projections.claim-extension:1s}") Duration claimExtension, TaskScheduler scheduler) {
        return configurer -> {
            configurer.registerComponent(PromptEventSource.class,
                    c -> new PromptEventSource(c.eventStore(), idlePollInterval, scheduler));
            configurer.eventProcessing(processing -> processing.registerPooledStreamingEventProcessorConfiguration(
                    (c, builder) -> builder.messageSource(c.getComponent(PromptEventSource.class))
                            .claimExtensionThreshold(claimExtension.toMillis())));
        };
    }

    /**
     * A dead-letter queue in MongoDB for every projection. Applied after Axon's Spring Boot modules (a higher
     * order): with a DataSource present, Axon's JDBC auto-configuration registers its own queue provider, which
     * offers a queue only to processors with {@code dlq.enabled} and would otherwise replace this one.
     * {@code calllog.projections.dead-letters.enabled=false} turns dead-lettering off: an event that cannot be handled
     * then stops its projection, retried with back-off, as a database failure does. Measured on a replay of
     * 1,000,000 events, the queue costs about a quarter of the replay's speed (docs/benchmarks.md).
     */
    @Bean
    @ConditionalOnProperty(name = "calllog.projections.dead-letters.enabled", matchIfMissing = true)
    ConfigurerModule deadLetterQueuesInMongo(MongoTemplate axonMongoTemplate, Serializer serializer,
                                             ListableBeanFactory beans) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configurer.eventProcessing(processing -> {
                    processing.registerDeadLetterQueueProvider(group -> c -> MongoSequencedDeadLetterQueue.builder()
                            .processingGroup(group)
                            .mongoTemplate(axonMongoTemplate)
                            .serializer(serializer)
                            .transactionManager(NoTransactionManager.INSTANCE)
                            .build());
                    // Without it, Axon asks the queue before every event whether the event's call is held in it:
                    // a MongoDB round trip per event, live and in replays. With it, a segment whose queue was empty
                    // when it started knows which calls it has dead-lettered since, and asks nothing.
                    for (String group : processingGroups(beans)) {
                        processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                                (c, invoker) -> invoker.enableSequenceIdentifierCache());
                    }
                });
            }

            @Override
            public int order() {
                return 1_000;
            }
        };
    }
}
