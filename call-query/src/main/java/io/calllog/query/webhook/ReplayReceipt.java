package io.calllog.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a replay queued.
 *
 * @param queued how many messages will be sent again
 * @param next   null when the whole range was queued; else the cursor to replay the rest from (a replay queues at
 *               most {@value WebhookAdministration#REPLAY_LIMIT} messages)
 */
@Schema(name = "WebhookReplay", requiredProperties = {"queued", "next"})
record ReplayReceipt(long queued, @Schema(nullable = true) String next) {
}
