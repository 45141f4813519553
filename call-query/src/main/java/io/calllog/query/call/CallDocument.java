package io.calllog.query.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.PersonalData;
import io.calllog.events.PersonalDataErased;
import io.calllog.events.TranscriptLineAppended;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One call in the {@code calls} collection, as the {@link CallProjection} writes it, with what each event does to it
 * (the runtime adds the guard against redelivery, {@code lastSequence}, beside these fields).
 *
 * @param endReason    why the call ended ({@code CallCompleted} revision 2, or the reason its status implies for
 *                     completions recorded before); null while it runs
 * @param erasedAt     when the call's personal data was erased ({@code PersonalDataErased}); null until then
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
                           String endReason,
                           Instant erasedAt) {

    public static final String COLLECTION = "calls";
    /** The status of a call that has not ended. */
    public static final String IN_PROGRESS = "in-progress";

    /** A call that has just started: in progress, nothing said yet, no outcome. */
    static CallDocument started(CallStarted event) {
        return new CallDocument(event.callUuid(), event.campaignUuid(), event.recordUuid(),
                event.direction().toString(), IN_PROGRESS, null, null, List.of(), null, null, event.startedAt(), null,
                null);
    }

    /** This call with one more line, the transcript kept in {@code seq} order whatever order lines arrive in. */
    CallDocument with(TranscriptLineAppended event) {
        List<TranscriptLine> lines = new ArrayList<>(transcript.size() + 1);
        lines.addAll(transcript);
        int at = lines.size();
        while (at > 0 && lines.get(at - 1).seq() > event.seq()) {
            at--;
        }
        // an erased call's lines are erased, also one that reaches the projection after the erasure
        lines.add(at, new TranscriptLine(event.seq(), event.role().toString(),
                erasedAt == null ? event.text() : PersonalData.ERASED));
        return new CallDocument(uuid, campaignUuid, recordUuid, direction, status, duration, cost, lines,
                recordingUrl, summary, createdAt, endReason, erasedAt);
    }

    CallDocument with(CallCompleted event) {
        return new CallDocument(uuid, campaignUuid, recordUuid, direction, event.status().toString(),
                event.durationSeconds(), event.cost(), transcript, erasedAt == null ? event.recordingUrl() : null,
                summary, createdAt, event.endReason() == null ? null : event.endReason().toString(), erasedAt);
    }

    CallDocument with(CallSummarized event) {
        return new CallDocument(uuid, campaignUuid, recordUuid, direction, status, duration, cost, transcript,
                recordingUrl, erasedAt == null ? event.summary() : null, createdAt, endReason, erasedAt);
    }

    /**
     * This call erased: every transcript text {@value PersonalData#ERASED}, no summary, no recording URL; the other
     * facts as they were. The events themselves read so once their key is gone; this makes it so at once.
     */
    CallDocument with(PersonalDataErased event) {
        List<TranscriptLine> lines = transcript.stream()
                .map(line -> new TranscriptLine(line.seq(), line.role(), PersonalData.ERASED)).toList();
        return new CallDocument(uuid, campaignUuid, recordUuid, direction, status, duration, cost, lines, null, null,
                createdAt, endReason, erasedAt == null ? event.erasedAt() : erasedAt);
    }

    boolean erased() {
        return erasedAt != null;
    }
}
