package io.calllog.query.call;

import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.PersonalDataErased;
import io.calllog.events.TranscriptLineAppended;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A call as the Calls API answers it: the fields and JSON types of the API reference (docs/calls-api.md), then
 * {@code endReason} and {@code erasedAt}, added beside them (the reference allows additions, never replacements). An
 * erased call's transcript texts read {@code "[erased]"}, its {@code summary} and {@code recordingUrl} null. While a call runs,
 * {@code status} is {@code in-progress} and {@code duration}, {@code cost}, {@code recordingUrl}, {@code summary} and
 * {@code endReason} are null. Every field is always present, null or not, but {@code matches}, which only a list
 * searched with {@code q} carries.
 */
@Schema(name = "Call", requiredProperties = {"uuid", "campaignUuid", "recordUuid", "direction", "status", "duration",
        "cost", "transcript", "recordingUrl", "summary", "createdAt", "endReason", "erasedAt"})
public record CallView(String uuid,
                       String campaignUuid,
                       String recordUuid,
                       String direction,
                       @Schema(description = "`in-progress` while the call runs, then how it ended") String status,
                       @Schema(nullable = true, minimum = "0", description = "Whole seconds; null while the call runs")
                       Long duration,
                       @Schema(nullable = true, minimum = "0", description = "Null while the call runs")
                       BigDecimal cost,
                       @Schema(description = "In seq order") List<TranscriptLineView> transcript,
                       @Schema(nullable = true, format = "uri", description = "Null while the call runs, or when the "
                               + "worker reported none") String recordingUrl,
                       @Schema(nullable = true, description = "The latest summary; null until one is recorded")
                       String summary,
                       @Schema(description = "The call's start, ISO-8601 UTC") Instant createdAt,
                       @Schema(nullable = true, description = "Why the call ended; null while it runs")
                       String endReason,
                       @Schema(nullable = true, description = "When the call's personal data was erased: its "
                               + "transcript texts then read `[erased]`, its summary and recording URL null; null "
                               + "unless erased") Instant erasedAt,
                       @Schema(description = "Only in a list searched with `q`: where the call matched, at most 3")
                       @JsonInclude(JsonInclude.Include.NON_NULL)
                       List<CallMatch> matches) {

    /** Every status a call can be shown with: {@code in-progress}, then each way a call ends. */
    public static final List<String> STATUSES = Stream.concat(Stream.of(CallDocument.IN_PROGRESS),
            Arrays.stream(CallStatus.values()).map(CallStatus::toString)).toList();

    /**
     * The call as its stored events make it, folded by the same rules as the {@code calls} projection, so that it
     * reads exactly as {@code GET /api/calls/{uuid}} shows the call once the projection has those events; empty when
     * they hold no start.
     */
    public static Optional<CallView> ofEvents(List<?> payloads) {
        CallDocument call = null;
        for (Object payload : payloads) {
            if (payload instanceof CallStarted started) {
                call = call == null ? CallDocument.started(started) : call;
            } else if (call != null && payload instanceof TranscriptLineAppended line) {
                call = call.with(line);
            } else if (call != null && payload instanceof CallCompleted completed) {
                call = call.with(completed);
            } else if (call != null && payload instanceof CallSummarized summarized) {
                call = call.with(summarized);
            } else if (call != null && payload instanceof PersonalDataErased erased) {
                call = call.with(erased);
            }
        }
        // the read model keeps instants as BSON dates: to the millisecond
        return Optional.ofNullable(call).map(CallView::of).map(view -> new CallView(view.uuid(), view.campaignUuid(),
                view.recordUuid(), view.direction(), view.status(), view.duration(), view.cost(), view.transcript(),
                view.recordingUrl(), view.summary(), view.createdAt().truncatedTo(ChronoUnit.MILLIS),
                view.endReason(), view.erasedAt() == null ? null : view.erasedAt().truncatedTo(ChronoUnit.MILLIS),
                null));
    }

    static CallView of(CallDocument call) {
        return new CallView(call.uuid(), call.campaignUuid(), call.recordUuid(), call.direction(), call.status(),
                call.duration(), call.cost(),
                call.transcript() == null ? List.of()
                        : call.transcript().stream().map(l -> new TranscriptLineView(l.role(), l.text())).toList(),
                call.recordingUrl(), call.summary(), call.createdAt(), call.endReason(), call.erasedAt(), null);
    }

    /** This call as a search found it: with where it matched. */
    CallView with(List<CallMatch> found) {
        return new CallView(uuid, campaignUuid, recordUuid, direction, status, duration, cost, transcript,
                recordingUrl, summary, createdAt, endReason, erasedAt, found);
    }
}
