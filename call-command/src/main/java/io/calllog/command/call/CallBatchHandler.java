package io.calllog.command.call;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Handles {@link RecordCallBatch}: loads (or creates) every call of the batch through Axon's repository within the
 * one unit of work of the command, and lets each {@link Call} decide its own facts with its own command handler. All
 * events of the batch are then appended in one transaction; if it fails, none is stored, every touched call is
 * evicted from the aggregate cache, and the command gateway may retry the whole batch (every fact in it is
 * idempotent).
 * <p>
 * Calls are locked in {@code callUuid} order, so two batches that share calls cannot deadlock on aggregate locks.
 */
@Component
class CallBatchHandler {

    private final Repository<Call> calls;

    CallBatchHandler(Repository<Call> calls) {
        this.calls = calls;
    }

    /** @return the outcomes of each call's facts, in the order of {@code batch.calls()} */
    @CommandHandler
    public List<List<FactOutcome>> handle(RecordCallBatch batch) throws Exception {
        // Load every call before any event is staged: Axon's event store scans all events staged in the unit of work
        // on each load (to replay them onto the loaded aggregate), which would make a large batch quadratic.
        Map<String, Aggregate<Call>> loaded = new HashMap<>();
        for (RecordCallFacts facts : batch.calls().stream().sorted(Comparator.comparing(RecordCallFacts::callUuid)).toList()) {
            load(facts).ifPresent(call -> loaded.put(facts.callUuid(), call));
        }
        List<List<FactOutcome>> outcomes = new ArrayList<>(batch.calls().size());
        for (RecordCallFacts facts : batch.calls()) {
            Aggregate<Call> call = loaded.get(facts.callUuid());
            outcomes.add(call == null ? notStarted(facts) : decide(call, facts));
        }
        return outcomes;
    }

    /** The call's aggregate, created if these facts start it, or empty if the call has not started. */
    private Optional<Aggregate<Call>> load(RecordCallFacts facts) throws Exception {
        if (facts.facts().stream().anyMatch(StartCall.class::isInstance)) {
            return Optional.of(calls.loadOrCreate(facts.callUuid(), Call::new));
        }
        try {
            return Optional.of(calls.load(facts.callUuid()));
        } catch (AggregateNotFoundException notStarted) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<FactOutcome> decide(Aggregate<Call> call, RecordCallFacts facts) throws Exception {
        return (List<FactOutcome>) call.handle(GenericCommandMessage.asCommandMessage(facts));
    }

    private static List<FactOutcome> notStarted(RecordCallFacts facts) {
        FactOutcome outcome = FactOutcome.callNotStarted(facts.callUuid());
        return facts.facts().stream().map(fact -> outcome).toList();
    }
}
