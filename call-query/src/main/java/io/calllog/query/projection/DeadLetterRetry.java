package io.calllog.query.projection;

/**
 * The outcome of retrying a projection's dead letters: calls whose letters were all handled this time, calls still
 * held (their first letter failed again, with its new cause), and letters left in the queue.
 */
record DeadLetterRetry(String projection, int succeeded, int failed, long remainingLetters) {
}
