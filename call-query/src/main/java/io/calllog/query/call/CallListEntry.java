package io.calllog.query.call;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One call in the {@code call_list} collection: only the fields that {@code GET /api/calls} filters and sorts on.
 * <p>
 * A list query finds the page's uuids here, then reads those calls from {@code calls} by {@code _id}. On MongoDB
 * this keeps the list indexes small and lets a count be answered from an index alone; on the embedded
 * mongo-java-server, which scans for every filter, it keeps the scan to small documents (a scan costs per document,
 * and a call with its transcript is a large one).
 */
@Document(CallListEntry.COLLECTION)
record CallListEntry(@Id String uuid, String campaignUuid, String recordUuid, String status, Instant createdAt) {

    static final String COLLECTION = "call_list";

    static CallListEntry of(CallDocument call) {
        return new CallListEntry(call.uuid(), call.campaignUuid(), call.recordUuid(), call.status(), call.createdAt());
    }
}
