package io.calllog.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per projection: {@code calllog.projection.lag} (events between the event store's head and the projection's
 * slowest segment) and {@code calllog.projection.dead.letters} (events held in its dead-letter queue). Both are read
 * when scraped. Registered once the application is ready, when Axon has built every processor.
 */
@Component
class ProjectionMetrics {

    private final ProjectionAdministration administration;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    ProjectionMetrics(ProjectionAdministration administration, DeadLetters deadLetters, MeterRegistry meters) {
        this.administration = administration;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        for (String projection : administration.names()) {
            Gauge.builder("calllog.projection.lag", () -> administration.of(projection)
                            .map(ProjectionStatus::lag).orElse(0L))
                    .description("Events in the store that the projection has not handled yet")
                    .baseUnit("events").tag("projection", projection).register(meters);
            Gauge.builder("calllog.projection.dead.letters", () -> deadLetters.size(projection))
                    .description("Events the projection could not handle, held in its dead-letter queue")
                    .baseUnit("events").tag("projection", projection).register(meters);
        }
    }
}
