package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
/**
 * The outcome of retrying a projection's dead letters: calls whose letters were all handled this time, calls still
 * held (their first letter failed again, with its new cause), and letters left in the queue.
 */
@Schema(name = "DeadLetterRetry", requiredProperties = {"projection", "succeeded", "failed", "remainingLetters"})
public record DeadLetterRetry(String projection, int succeeded, int failed, long remainingLetters) {
}
