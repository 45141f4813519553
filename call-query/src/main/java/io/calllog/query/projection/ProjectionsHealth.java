package io.calllog.query.projection;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code projections}: per projection its state, position, the event store's head,
 * its lag in events and its dead letters. DOWN while a projection is failing (its processor or a segment in error,
 * retrying); a lag alone does not make it DOWN (a replay lags by design), it is for dashboards and alerts
 * ({@code calllog.projection.lag}). Not part of the readiness probe: a failing projection must not take the Calls
 * API out of service, which still serves what it has.
 */
@Component("projections")
class ProjectionsHealth extends AbstractHealthIndicator {

    private final ProjectionAdministration administration;
    private final DeadLetters deadLetters;

    ProjectionsHealth(ProjectionAdministration administration, DeadLetters deadLetters) {
        super("projection status could not be read");
        this.administration = administration;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean failing = false;
        for (ProjectionStatus projection : administration.all()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", projection.state());
            details.put("position", projection.position());
            details.put("head", projection.head());
            details.put("lag", projection.lag());
            details.put("deadLetters", deadLetters.size(projection.name()));
            health.withDetail(projection.name(), details);
            failing |= projection.state().equals(ProjectionState.FAILING.toString());
        }
        if (failing) {
            health.down();
        } else {
            health.up();
        }
    }
}
