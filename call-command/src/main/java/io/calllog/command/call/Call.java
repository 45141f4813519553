package io.calllog.command.call;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.calllog.events.CallCompleted;
import io.calllog.events.EndReason;
import io.calllog.events.CallStarted;
import io.calllog.events.CallSummarized;
import io.calllog.events.PersonalDataErased;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.eventstore.personal.DataKey;
import io.calllog.eventstore.personal.DataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * transcript lines, summaries and the recording's URL, not the texts (personal data, which the event store keeps
 * encrypted): digests keyed by the call's data key ({@link DataKey#digest}), so that they stay small for long calls,
 * tell a repeat from a contradiction while the key lives, and say nothing once it is destroyed. A call starts by
 * making its key; an erasure destroys it (in the same transaction as its event) and from then on every fact posted
 * for the call is refused ({@link FactOutcome.Result#ERASED}). Serialized with Jackson for snapshots, hence the field
 * visibility.
 */
@Aggregate(cache = "callCache", snapshotTriggerDefinition = "callSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Call {

    @AggregateIdentifier
    private String callUuid;
    private CallStarted start;
    private final Map<Integer, String> lineFingerprints = new HashMap<>();
    private Completion completion;
    private String summaryFingerprint;
    private boolean erased;

    protected Call() {
        // for Axon and for snapshot deserialization
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<FactOutcome> handle(RecordCallFacts command, DataKeys keys) {
        if (start == null && command.facts().stream().noneMatch(StartCall.class::isInstance)) {
            throw new CallNotStartedException(command.callUuid());
        }
        List<FactOutcome> outcomes = new ArrayList<>(command.facts().size());
        for (CallCommand fact : command.facts()) {
            outcomes.add(erased ? FactOutcome.erased(command.callUuid())
                    : decide(command.callUuid(), fact, command.receivedAt(), keys));
        }
        return outcomes;
    }

    /**
     * Erases the call's personal data: destroys its key (in this command's transaction, so that the key is gone if and
     * only if the event is stored) and records the erasure, once.
     *
     * @return whether this erased it (false: it was erased before)
     */
    @CommandHandler
    public boolean handle(ErasePersonalData command, DataKeys keys) {
        keys.destroy(command.callUuid());
        if (erased) {
            return false;
        }
        apply(new PersonalDataErased(callUuid, start.recordUuid(), command.erasedAt(), command.erasedBy(),
                command.reason()));
        return true;
    }

    private FactOutcome decide(String callUuid, CallCommand fact, Instant receivedAt, DataKeys keys) {
        if (fact instanceof StartCall startCall) {
            return start(callUuid, startCall, receivedAt, keys);
        }
        if (start == null) {
            return FactOutcome.callNotStarted(callUuid);
        }
        if (fact instanceof AppendTranscriptLine line) {
            return appendLine(line, receivedAt, keys);
        }
        if (fact instanceof CompleteCall completeCall) {
            return complete(completeCall, receivedAt, keys);
        }
        return summarize((SummarizeCall) fact, keys);
    }

    private FactOutcome start(String callUuid, StartCall command, Instant receivedAt, DataKeys keys) {
        if (start == null) {
            keys.keyFor(callUuid, command.recordUuid()); // in this transaction: it seals the call's personal data
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

    private FactOutcome appendLine(AppendTranscriptLine command, Instant receivedAt, DataKeys keys) {
        String recorded = lineFingerprints.get(command.seq());
        if (recorded == null) {
            apply(new TranscriptLineAppended(start.callUuid(), command.seq(), command.role(), command.text(),
                    Objects.requireNonNullElse(command.spokenAt(), receivedAt)));
            return FactOutcome.recorded();
        }
        return recorded.equals(lineDigest(keys, command.role().name(), command.text()))
                ? FactOutcome.alreadyRecorded()
                : FactOutcome.conflict(List.of("seq"),
                "transcript position " + command.seq() + " already holds a different line");
    }

    private FactOutcome complete(CompleteCall command, Instant receivedAt, DataKeys keys) {
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
        differIf(!Objects.equals(completion.recordingUrlDigest(), digest(keys, "recordingUrl", command.recordingUrl())),
                "recordingUrl", differing);
        differIf(command.endedAt() != null && !command.endedAt().equals(completion.endedAt()), "endedAt", differing);
        // a snapshot taken before revision 2 holds a completion without a reason: it had the implied one
        EndReason recordedReason = Objects.requireNonNullElse(completion.endReason(),
                EndReason.impliedBy(completion.status()));
        differIf(command.endReason() != null && command.endReason() != recordedReason, "endReason", differing);
        return differing.isEmpty()
                ? FactOutcome.alreadyRecorded()
                : FactOutcome.conflict(differing, "the call already completed with other " + String.join(", ", differing));
    }

    private FactOutcome summarize(SummarizeCall command, DataKeys keys) {
        if (Objects.equals(digest(keys, "summary", command.summary()), summaryFingerprint)) {
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

    private String lineDigest(DataKeys keys, String role, String text) {
        return digest(keys, "line", role, text);
    }

    /**
     * The digest of these texts under the call's key, or {@code null} when a text is null or the call has no live key
     * (erased: its texts read as erased and are never compared).
     */
    private String digest(DataKeys keys, String... parts) {
        if (Arrays.stream(parts).anyMatch(Objects::isNull)) {
            return null;
        }
        return keys.ofCall(callUuid).filter(key -> !key.destroyed()).map(key -> key.digest(parts)).orElse(null);
    }

    @EventSourcingHandler
    void on(CallStarted event) {
        callUuid = event.callUuid();
        start = event;
    }

    @EventSourcingHandler
    void on(TranscriptLineAppended event, DataKeys keys) {
        lineFingerprints.put(event.seq(), lineDigest(keys, event.role().name(), event.text()));
    }

    @EventSourcingHandler
    void on(CallCompleted event, DataKeys keys) {
        completion = Completion.of(event, digest(keys, "recordingUrl", event.recordingUrl()));
    }

    @EventSourcingHandler
    void on(CallSummarized event, DataKeys keys) {
        summaryFingerprint = digest(keys, "summary", event.summary());
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        erased = true;
        lineFingerprints.replaceAll((seq, digest) -> null);
        summaryFingerprint = null;
        if (completion != null) {
            completion = new Completion(completion.status(), completion.durationSeconds(), completion.cost(), null,
                    completion.endedAt(), completion.endReason());
        }
    }
}
