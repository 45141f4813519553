package io.calllog.app;

import io.calllog.access.ApiAccessConfiguration;
import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.eventstore.EventStoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The whole service in one JVM on port 3000: the ingestion API and the Calls API, the event store and the
 * projections. With no database configured it keeps everything under {@code calllog.data-dir}: the event store in an
 * H2 file and the read model (with the projections' tokens) in an in-process MongoDB-protocol server on an H2 file
 * ({@link EmbeddedMongoConfiguration}). Standard Spring properties point it at PostgreSQL and MongoDB instead.
 * <p>
 * It scans both sides' packages but not their own application classes, which exist to run each side alone.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = {"io.calllog.app", "io.calllog.command", "io.calllog.query"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@Import({EventStoreConfiguration.class, ApiAccessConfiguration.class, ApiDescriptionConfiguration.class})
public class CallLogApplication {

    public static void main(String[] args) {
        SpringApplication.run(CallLogApplication.class, args);
    }
}
