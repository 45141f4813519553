package io.calllog.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One attempt to deliver a message.
 *
 * @param statusCode the endpoint's HTTP status; null when no response came (the error says why)
 * @param latencyMs  from the start of the attempt to its end, in milliseconds
 * @param error      why it failed: the network error, the timeout, or the status; null when it was delivered
 */
@Schema(name = "WebhookAttempt", requiredProperties = {"at", "statusCode", "latencyMs", "error"})
record DeliveryAttempt(Instant at,
                       @Schema(nullable = true) Integer statusCode,
                       long latencyMs,
                       @Schema(nullable = true) String error) {

    /** What the attempt means for its message. */
    AttemptOutcome outcome() {
        if (statusCode == null) {
            return AttemptOutcome.RETRY;
        }
        if (statusCode >= 200 && statusCode < 300) {
            return AttemptOutcome.DELIVERED;
        }
        if (statusCode == 410) {
            return AttemptOutcome.GONE;
        }
        if (statusCode == 408 || statusCode == 429 || statusCode >= 500) {
            return AttemptOutcome.RETRY;
        }
        return AttemptOutcome.GIVE_UP; // other 4xx, and 1xx/3xx: redirects are not followed
    }
}
