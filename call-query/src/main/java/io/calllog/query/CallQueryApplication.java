package io.calllog.query;

import io.calllog.access.ApiAccessConfiguration;
import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.eventstore.EventStoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The query side on its own (the scale-out shape): reads the event store in PostgreSQL, projects into MongoDB and
 * serves the Calls API. Configure it with {@code SPRING_DATASOURCE_*} and {@code SPRING_DATA_MONGODB_URI}.
 */
@SpringBootApplication
@Import({EventStoreConfiguration.class, ApiAccessConfiguration.class, ApiDescriptionConfiguration.class})
public class CallQueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(CallQueryApplication.class, args);
    }
}
