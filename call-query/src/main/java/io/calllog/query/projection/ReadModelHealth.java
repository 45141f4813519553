package io.calllog.query.projection;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code mongo}: the read model's MongoDB answers {@code ping}. Replaces Boot's
 * indicator (which backs off for a bean of this name), because that one asks {@code hello}, which the embedded
 * mongo-java-server does not implement: with it, the health was DOWN on every embedded read model.
 */
@Component("mongoHealthIndicator")
class ReadModelHealth extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    ReadModelHealth(MongoTemplate mongo) {
        super("the read model's MongoDB did not answer");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        mongo.executeCommand("{ ping: 1 }");
        health.up().withDetail("database", mongo.getDb().getName());
    }
}
