package io.calllog.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.calllog.eventstore.personal.DataKeys;
import io.calllog.eventstore.personal.PersonalDataSerializer;
import io.calllog.eventstore.personal.PlaintextUpgrade;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;

import java.time.Duration;

/**
 * Axon's JDBC event store on PostgreSQL (or H2 in the embedded default), declared explicitly rather than left to
 * auto-configuration:
 * <ul>
 *     <li>the engine itself, so that adding JPA to this module can never silently swap it for the JPA engine;</li>
 *     <li>duplicate keys recognised by SQLSTATE 23505 (PostgreSQL and H2), so that a lost append race surfaces as
 *     Axon's {@code ConcurrencyException}/{@code AggregateStreamCreationException} and is retried, instead of a
 *     generic {@code EventStoreException};</li>
 *     <li>Jackson for events, snapshots and tokens (see {@link EventJson}), with {@code @Revision} read from the
 *     event classes.</li>
 * </ul>
 * The tables are created by Flyway ({@code db/eventstore}); Axon never creates or alters them. Applications import
 * this class explicitly, so that it is processed before Axon's auto-configuration backs off. Its defaults
 * ({@code event-store.properties}: the embedded H2 file, Flyway's location, the read batch) are every runnable's,
 * below what the runnable sets.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@PropertySource("classpath:io/calllog/eventstore/event-store.properties")
public class EventStoreConfiguration {

    /** Duplicate key, as PostgreSQL and H2 report it. */
    static final String UNIQUE_VIOLATION = "23505";

    /** The embedded H2 file, kept compact (see the class); not there on PostgreSQL. */
    @Bean(destroyMethod = "compactFullyIfRequested")
    @Conditional(EmbeddedH2.class)
    EmbeddedEventStoreCompaction embeddedEventStoreCompaction(
            DataSource dataSource, @Value("${calllog.embedded-eventstore.compaction-write-mb:16}") int writeLimitMb) {
        return new EmbeddedEventStoreCompaction(dataSource, writeLimitMb);
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /** Events of earlier revisions, brought to the current shape as they are read (Axon registers every upcaster bean). */
    @Bean
    CallCompletedUpcaster callCompletedUpcaster() {
        return new CallCompletedUpcaster();
    }

    /**
     * The one serializer Axon uses for everything (messages and events default to the general serializer): Jackson,
     * with the personal data of events sealed under their call's key ({@link PersonalDataSerializer}).
     */
    @Bean
    @Primary
    Serializer serializer(DataKeys dataKeys) {
        return new PersonalDataSerializer(dataKeys);
    }

    /** The data keys of personal data, in the event store's database. */
    @Bean
    DataKeys dataKeys(DataSource dataSource,
                      @Value("${calllog.personal-data.key-cache-ttl}") Duration keyCacheTtl) {
        return new DataKeys(dataSource, keyCacheTtl, Clock.systemUTC());
    }

    /**
     * Where the event store is written (Flyway on: call-command and the all-in-one app), the personal data of events
     * stored before encryption is sealed as the application starts, after the migrations and before events are taken
     * or handled (processors and the web server start once every bean is made).
     */
    @Bean
    @DependsOnDatabaseInitialization
    @ConditionalOnProperty(name = "spring.flyway.enabled", matchIfMissing = true)
    PlaintextUpgrade plaintextUpgrade(DataSource dataSource, PlatformTransactionManager transactionManager,
                                      DataKeys dataKeys,
                                      ObjectProvider<EmbeddedEventStoreCompaction> compaction) {
        PlaintextUpgrade upgrade = new PlaintextUpgrade(dataSource, transactionManager, dataKeys,
                () -> compaction.ifAvailable(
                EmbeddedEventStoreCompaction::requestFullCompaction));
        upgrade.run();
        return upgrade;
    }

    /**
     * The tables and columns of {@code db/eventstore/V1__axon_event_store.sql}: Axon's PostgreSQL layout in snake
     * case ({@code domain_event_entry.global_index}, ...), not the JDBC engine's CamelCase defaults.
     */
    public static EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("timestamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Axon's event store as auto-configuration declares it, except for how often its reader looks for new events
     * when it has none: Axon waits {@code fetchDelay} (1 s by default) between polls. Events appended in the same JVM
     * wake the reader at once, but events from another instance, and events behind a sequence gap (concurrent
     * transactions commit out of order), wait for the next poll: measured as a constant 1-2 s projection lag under a
     * steady load. {@code calllog.eventstore.fetch-delay} (default 100 ms) is that wait.
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration axonConfiguration,
                                  @Value("${calllog.eventstore.fetch-delay:100ms}") Duration fetchDelay) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axonConfiguration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axonConfiguration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis())
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          org.axonframework.config.Configuration axonConfiguration,
                                          @Value("${calllog.eventstore.batch-size:100}") int batchSize) {
        return new CallLogStorageEngine(JdbcEventStorageEngine.builder()
                .batchSize(batchSize)
                .schema(eventSchema())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(axonConfiguration.upcasterChain())
                .snapshotFilter(axonConfiguration.snapshotFilter())
                .readEventDataWithGaps(TrackedEventsWithGapsStatement::build),
                CallLogStorageEngine.GapSettings.AXON_DEFAULTS);
    }
}
