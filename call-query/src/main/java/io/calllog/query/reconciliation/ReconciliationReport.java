package io.calllog.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One reconciliation of the {@code calls} read model against the event store: up to which global index it compared
 * (the projection's position), how many calls, how many drifted, and the first drifted calls.
 */
@Schema(name = "ReconciliationReport", requiredProperties = {"checkedAt", "position", "callsChecked", "callsDrifted",
        "drifted"})
record ReconciliationReport(Instant checkedAt, long position, long callsChecked, long callsDrifted,
                            List<CallDrift> drifted) {
}
