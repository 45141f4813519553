package io.calllog.query.call;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One call in the {@code calls} collection, as the {@link CallProjection} writes it.
 *
 * @param lastSequence the aggregate sequence number of the last event applied to this document: an event at or below
 *                     it has been applied already, so a redelivered event changes nothing
 */
@Document(CallDocument.COLLECTION)
public record CallDocument(@Id String uuid,
                           String campaignUuid,
                           String recordUuid,
                           String direction,
                           String status,
                           Long duration,
                           @Field(targetType = FieldType.DECIMAL128) BigDecimal cost,
                           List<TranscriptLine> transcript,
                           String recordingUrl,
                           String summary,
                           Instant createdAt,
                           long lastSequence) {

    public static final String COLLECTION = "calls";
    /** The status of a call that has not ended. */
    public static final String IN_PROGRESS = "in-progress";
}
