package io.calllog.bench.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The baseline the ingestion benchmark compares with: the same HTTP stack (Spring MVC on Tomcat, Jackson, Hikari)
 * and the same rows in the same PostgreSQL table layout, written with plain JDBC, without event sourcing (no
 * aggregate, no rules, no idempotency, no serializer).
 */
@SpringBootApplication
public class BaselineIngestionApplication {

    public static void main(String[] args) {
        SpringApplication.run(BaselineIngestionApplication.class, args);
    }
}
