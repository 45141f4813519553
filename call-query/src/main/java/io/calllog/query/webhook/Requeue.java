package io.calllog.query.webhook;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A message an administrator asked to send again (a retry of one delivery, or a replay of a range of the feed), in
 * {@code webhook_requeues} until the instance that holds the endpoint puts it in its call's queue: whichever instance
 * took the request, only the holder delivers.
 */
@Document(Requeue.COLLECTION)
record Requeue(@Id String id, String endpointId, Message message, Instant requestedAt) {

    static final String COLLECTION = "webhook_requeues";

    static String idOf(String endpointId, String messageId) {
        return endpointId + "|" + messageId;
    }
}
