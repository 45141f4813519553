package io.calllog.query.webhook;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * The messages of one call that one endpoint has not had yet, in order, while the first of them is being retried
 * ({@code webhook_call_queues}): later events of the call wait behind it, other calls go on. Written only by the
 * instance that holds the endpoint, read back when another takes it over.
 *
 * @param messages       the head (being retried) first, then those waiting behind it
 * @param nextAttemptAt  when the head is tried next
 * @param failedAttempts how many times the head has failed so far
 */
@Document(CallQueue.COLLECTION)
record CallQueue(@Id String id, String endpointId, String callUuid, List<Message> messages, Instant nextAttemptAt,
                 int failedAttempts) {

    static final String COLLECTION = "webhook_call_queues";

    static String idOf(String endpointId, String callUuid) {
        return endpointId + "|" + callUuid;
    }
}
