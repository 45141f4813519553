package io.calllog.query.reconciliation;

/**
 * A call whose read-model document is behind the event store: {@code storedThrough} is the last event sequence
 * number the event store holds for it up to the projection's position, {@code projectedThrough} the last one the
 * document has applied ({@code null}: no document at all).
 */
record CallDrift(String callUuid, long storedThrough, Long projectedThrough) {
}
