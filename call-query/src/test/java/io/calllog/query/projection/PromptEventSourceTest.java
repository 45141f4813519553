package io.calllog.query.projection;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.common.stream.BlockingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PromptEventSourceTest {

    private final EmbeddedEventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final PromptEventSource source;

    PromptEventSourceTest() {
        scheduler.initialize();
        source = new PromptEventSource(eventStore, Duration.ofMillis(10), scheduler);
    }

    @AfterEach
    void shutDown() {
        scheduler.shutdown();
        eventStore.shutDown();
    }

    @Test
    void streamsWhatTheEventStoreStreams() throws Exception {
        eventStore.publish(GenericEventMessage.asEventMessage("started"), GenericEventMessage.asEventMessage("line"));

        try (BlockingStream<TrackedEventMessage<?>> events = source.openStream(source.createTailToken())) {
            List<Object> payloads = new ArrayList<>();
            while (events.hasNextAvailable(5, TimeUnit.SECONDS) && payloads.size() < 2) {
                payloads.add(events.nextAvailable().getPayload());
            }
            assertThat(payloads).containsExactly("started", "line");
            assertThat(events.hasNextAvailable()).isFalse();
            assertThat(source.createHeadToken()).isEqualTo(eventStore.createHeadToken());
        }
    }

    @Test
    void acceptsAnAvailabilityCallbackAndCallsItAgainAndAgain() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> events = source.openStream(null)) {
            CountDownLatch looks = new CountDownLatch(3);

            assertThat(events.setOnAvailableCallback(looks::countDown)).isTrue();
            assertThat(looks.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
