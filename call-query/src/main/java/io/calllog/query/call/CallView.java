package io.calllog.query.call;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A call as the Calls API answers it: exactly the fields and JSON types of the API reference. While a call runs,
 * {@code status} is {@code in-progress} and {@code duration}, {@code cost}, {@code recordingUrl} and {@code summary}
 * are null.
 */
public record CallView(String uuid,
                       String campaignUuid,
                       String recordUuid,
                       String direction,
                       String status,
                       Long duration,
                       BigDecimal cost,
                       List<TranscriptLineView> transcript,
                       String recordingUrl,
                       String summary,
                       Instant createdAt) {

    static CallView of(CallDocument call) {
        return new CallView(call.uuid(), call.campaignUuid(), call.recordUuid(), call.direction(), call.status(),
                call.duration(), call.cost(),
                call.transcript() == null ? List.of()
                        : call.transcript().stream().map(l -> new TranscriptLineView(l.role(), l.text())).toList(),
                call.recordingUrl(), call.summary(), call.createdAt());
    }
}
