package io.calllog.query.call;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A call as the Calls API answers it: the fields and JSON types of the API reference, then {@code endReason}, added
 * beside them (the reference allows additions, never replacements). While a call runs, {@code status} is
 * {@code in-progress} and {@code duration}, {@code cost}, {@code recordingUrl}, {@code summary} and
 * {@code endReason} are null.
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
                       Instant createdAt,
                       String endReason) {

    static CallView of(CallDocument call) {
        return new CallView(call.uuid(), call.campaignUuid(), call.recordUuid(), call.direction(), call.status(),
                call.duration(), call.cost(),
                call.transcript() == null ? List.of()
                        : call.transcript().stream().map(l -> new TranscriptLineView(l.role(), l.text())).toList(),
                call.recordingUrl(), call.summary(), call.createdAt(), call.endReason());
    }
}
