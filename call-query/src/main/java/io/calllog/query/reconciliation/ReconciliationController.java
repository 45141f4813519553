package io.calllog.query.reconciliation;

import io.calllog.access.ApiDescriptionConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;


/** The reconciliation of the calls read model against the event store, on request. */
@RestController
@Tag(name = ApiDescriptionConfiguration.PROJECTIONS)
class ReconciliationController {

    private final CallsReconciliation reconciliation;

    ReconciliationController(CallsReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Operation(operationId = "reconcileCalls", summary = "Compare the calls read model with the event store, call by call",
            description = "Up to the projection's position: calls whose document is missing or behind the events "
                    + "stored for them (the first 100 listed, all counted).")
    @ApiResponse(responseCode = "200", description = "The reconciliation's findings", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ReconciliationReport.class)))
    @GetMapping(path = "/api/admin/projections/calls/reconciliation", produces = MediaType.APPLICATION_JSON_VALUE)
    ReconciliationReport reconcile() {
        return reconciliation.check();
    }
}
