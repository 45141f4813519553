package io.calllog.command;

import io.calllog.access.ApiAccessConfiguration;
import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.eventstore.EventStoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The command side on its own: the ingestion API in front of the event store. By default it keeps its events in an
 * H2 file under {@code calllog.data-dir}; point {@code spring.datasource.*} at PostgreSQL for the real thing.
 */
@SpringBootApplication
@Import({EventStoreConfiguration.class, ApiAccessConfiguration.class, ApiDescriptionConfiguration.class})
public class CallCommandApplication {

    public static void main(String[] args) {
        SpringApplication.run(CallCommandApplication.class, args);
    }
}
