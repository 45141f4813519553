package io.calllog.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
/**
 * A call whose read-model document is behind the event store: {@code storedThrough} is the last event sequence
 * number the event store holds for it up to the projection's position, {@code projectedThrough} the last one the
 * document has applied ({@code null}: no document at all).
 */
@Schema(name = "CallDrift", requiredProperties = {"callUuid", "storedThrough", "projectedThrough"})
record CallDrift(String callUuid, long storedThrough,
                 @Schema(nullable = true, description = "Null: no document at all") Long projectedThrough) {
}
