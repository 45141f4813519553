package io.calllog.command.call;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.calllog.events.CallCompleted;
import io.calllog.events.EndReason;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.TranscriptLineAppended;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One call, event sourced. It enforces the ingestion rules: a call starts once, each transcript position holds one
 * line, a call completes once, summaries may be replaced; exact repeats are harmless no-ops (so every worker retry is
 * idempotent) and contradicting repeats are conflicts.
 * <p>
 * The command handler only decides; state changes only in the event sourcing handlers. The state holds digests of
 * transcript lines and summaries, not their texts, so it stays small for long calls (see {@link Fingerprint}).
 * Serialized with Jackson for snapshots, hence the field visibility.
 */
@Aggregate(cache = "callCache", snapshotTriggerDefinition = "callSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Call {

    @AggregateIdentifier
    private String callUuid;
    private CallStarted start;
    private final Map<Integer, String> lineFingerprints = new HashMap<>();
    private CallCompleted completion;
    private String summaryFingerprint;

    protected Call() {
        // for Axon and for snapshot deserialization
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<FactOutcome> handle(RecordCallFacts command) {
        if (start == null && command.facts().stream().noneMatch(StartCall.class::isInstance)) {
            throw new CallNotStartedException(command.callUuid());
        }
        List<FactOutcome> outcomes = new ArrayList<>(command.facts().size());
        for (CallCommand fact : command.facts()) {
            outcomes.add(decide(command.callUuid(), fact, command.receivedAt()));
        }
        return outcomes;
    }

    private FactOutcome decide(String callUuid, CallCommand fact, Instant receivedAt) {
        if (fact instanceof StartCall startCall) {
            return start(callUuid, startCall, receivedAt);
        }
        if (start == null) {
            return FactOutcome.callNotStarted(callUuid);
        }
        if (fact instanceof AppendTranscriptLine line) {
            return appendLine(line, receivedAt);
        }
        if (fact instanceof CompleteCall completeCall) {
            return complete(completeCall, receivedAt);
        }
        return summarize((SummarizeCall) fact);
    }

    private FactOutcome start(String callUuid, StartCall command, Instant receivedAt) {
        if (start == null) {
            apply(new CallStarted(callUuid, command.campaignUuid(), command.recordUuid(), command.direction(),
                    Objects.requireNonNullElse(command.startedAt(), receivedAt)));
            return FactOutcome.recorded();
        }
        List<String> differing = new ArrayList<>();
        differIf(!start.campaignUuid().equals(command.campaignUuid()), "campaignUuid", differing);
        differIf(!start.recordUuid().equals(command.recordUuid()), "recordUuid", differing);
        differIf(start.direction() != command.direction(), "direction", differing);
        differIf(command.startedAt() != null && !command.startedAt().equals(start.startedAt()), "startedAt", differing);
        return differing.isEmpty()
                ? FactOutcome.alreadyRecorded()
                : FactOutcome.conflict(differing, "the call already started with other " + String.join(", ", differing));
    }

    private FactOutcome appendLine(AppendTranscriptLine command, Instant receivedAt) {
        String recorded = lineFingerprints.get(command.seq());
        if (recorded == null) {
            apply(new TranscriptLineAppended(start.callUuid(), command.seq(), command.role(), command.text(),
                    Objects.requireNonNullElse(command.spokenAt(), receivedAt)));
            return FactOutcome.recorded();
        }
        return recorded.equals(lineFingerprint(command.role().name(), command.text()))
                ? FactOutcome.alreadyRecorded()
                : FactOutcome.conflict(List.of("seq"),
                "transcript position " + command.seq() + " already holds a different line");
    }

    private FactOutcome complete(CompleteCall command, Instant receivedAt) {
        if (completion == null) {
            apply(new CallCompleted(start.callUuid(), command.status(), command.durationSeconds(), command.cost(),
                    command.recordingUrl(), Objects.requireNonNullElse(command.endedAt(), receivedAt),
                    Objects.requireNonNullElse(command.endReason(), EndReason.impliedBy(command.status()))));
            return FactOutcome.recorded();
        }
        List<String> differing = new ArrayList<>();
        differIf(completion.status() != command.status(), "status", differing);
        differIf(completion.durationSeconds() != command.durationSeconds(), "duration", differing);
        differIf(completion.cost().compareTo(command.cost()) != 0, "cost", differing);
        differIf(!Objects.equals(completion.recordingUrl(), command.recordingUrl()), "recordingUrl", differing);
        differIf(command.endedAt() != null && !command.endedAt().equals(completion.endedAt()), "endedAt", differing);
        // a snapshot taken before revision 2 holds a completion without a reason: it had the implied one
        EndReason recordedReason = Objects.requireNonNullElse(completion.endReason(),
                EndReason.impliedBy(completion.status()));
        differIf(command.endReason() != null && command.endReason() != recordedReason, "endReason", differing);
        return differing.isEmpty()
                ? FactOutcome.alreadyRecorded()
                : FactOutcome.conflict(differing, "the call already completed with other " + String.join(", ", differing));
    }

    private FactOutcome summarize(SummarizeCall command) {
        if (Fingerprint.of(command.summary()).equals(summaryFingerprint)) {
            return FactOutcome.alreadyRecorded();
        }
        apply(new CallSummarized(start.callUuid(), command.summary()));
        return FactOutcome.recorded();
    }

    private static void differIf(boolean differs, String field, List<String> differing) {
        if (differs) {
            differing.add(field);
        }
    }

    private static String lineFingerprint(String role, String text) {
        return Fingerprint.of(role, text);
    }

    @EventSourcingHandler
    void on(CallStarted event) {
        callUuid = event.callUuid();
        start = event;
    }

    @EventSourcingHandler
    void on(TranscriptLineAppended event) {
        lineFingerprints.put(event.seq(), lineFingerprint(event.role().name(), event.text()));
    }

    @EventSourcingHandler
    void on(CallCompleted event) {
        completion = event;
    }

    @EventSourcingHandler
    void on(CallSummarized event) {
        summaryFingerprint = Fingerprint.of(event.summary());
    }
}
