package io.calllog.command.ingestion;

import io.calllog.command.call.CallNotStartedException;
import io.calllog.command.call.FactOutcome;
import io.calllog.command.call.RecordCallBatch;
import io.calllog.command.call.RecordCallFacts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.calllog.eventstore.personal.CallErasedException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends posted events to the {@code Call} aggregates: a single posted event as one {@link RecordCallFacts} command,
 * a batch as one {@link RecordCallBatch} command, so that either costs one transaction. Each event gets a receipt.
 * When the event store fails, the command's transaction rolled back, nothing of it is stored, and every event of it
 * is answered 503 (retry).
 */
@Service
class IngestionService {

    private static final Logger log = LoggerFactory.getLogger(IngestionService.class);

    /** Events that reached the command side, by outcome ({@code recorded}, {@code duplicate}, ...). */
    static final String EVENTS = "calllog.ingestion.events";
    /** Time to handle one ingestion command (one call's events, or a batch), its transaction included. */
    static final String COMMAND_LATENCY = "calllog.ingestion.command";

    private final CommandGateway commandGateway;
    private final MeterRegistry meters;
    private final Timer callCommands;
    private final Timer batchCommands;
    private final Clock clock = Clock.systemUTC();

    IngestionService(CommandGateway commandGateway, MeterRegistry meters) {
        this.commandGateway = commandGateway;
        this.meters = meters;
        this.callCommands = commandTimer("call", meters);
        this.batchCommands = commandTimer("batch", meters);
    }

    private static Timer commandTimer(String request, MeterRegistry meters) {
        return Timer.builder(COMMAND_LATENCY).description("Time to handle one ingestion command, its transaction included")
                .tag("request", request).publishPercentileHistogram().register(meters);
    }

    /** Receipts for the events posted to one call, in the posted order: one command, one transaction. */
    List<ItemReceipt> recordCall(String callUuid, List<PostedEvent> events) {
        return counted(callCommands.record(() -> handleCall(callUuid, events)));
    }

    /**
     * Receipts for events posted to any calls, in the posted order: one command for the whole batch, so one
     * transaction; each call's events stay in their posted order.
     */
    List<ItemReceipt> recordBatch(List<PostedEvent> events) {
        return counted(batchCommands.record(() -> handleBatch(events)));
    }

    /** One meter lookup per outcome, not per event: a batch of 1,000 events has one or two outcomes. */
    private List<ItemReceipt> counted(List<ItemReceipt> receipts) {
        Map<String, Long> perOutcome = receipts.stream()
                .collect(Collectors.groupingBy(ItemReceipt::outcome, Collectors.counting()));
        perOutcome.forEach((outcome, count) -> meters.counter(EVENTS, "outcome", outcome).increment(count));
        return receipts;
    }

    private List<ItemReceipt> handleCall(String callUuid, List<PostedEvent> events) {
        RecordCallFacts command = commandFor(callUuid, events, clock.instant());
        try {
            return receipts(events, commandGateway.sendAndWait(command));
        } catch (CallNotStartedException e) {
            return receipts(events, events.stream().map(event -> FactOutcome.callNotStarted(callUuid)).toList());
        } catch (RuntimeException e) {
            return unavailableOrRethrow(events, e);
        }
    }

    private List<ItemReceipt> handleBatch(List<PostedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Instant receivedAt = clock.instant();
        Map<String, List<PostedEvent>> byCall = events.stream()
                .collect(Collectors.groupingBy(PostedEvent::callUuid, LinkedHashMap::new, Collectors.toList()));
        List<RecordCallFacts> commands = new ArrayList<>(byCall.size());
        byCall.forEach((callUuid, callEvents) -> commands.add(commandFor(callUuid, callEvents, receivedAt)));
        List<List<FactOutcome>> outcomes;
        try {
            outcomes = commandGateway.sendAndWait(new RecordCallBatch(commands));
        } catch (RuntimeException e) {
            return unavailableOrRethrow(events, e);
        }
        Map<Integer, ItemReceipt> byIndex = new HashMap<>();
        int call = 0;
        for (List<PostedEvent> callEvents : byCall.values()) {
            receipts(callEvents, outcomes.get(call++)).forEach(receipt -> byIndex.put(receipt.index(), receipt));
        }
        return events.stream().map(event -> byIndex.get(event.index())).toList();
    }

    private static RecordCallFacts commandFor(String callUuid, List<PostedEvent> events, Instant receivedAt) {
        return new RecordCallFacts(callUuid, events.stream().map(e -> e.request().toCommand()).toList(), receivedAt);
    }

    private static List<ItemReceipt> receipts(List<PostedEvent> events, List<FactOutcome> outcomes) {
        List<ItemReceipt> receipts = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            receipts.add(receipt(events.get(i), outcomes.get(i)));
        }
        return receipts;
    }

    private static List<ItemReceipt> unavailableOrRethrow(List<PostedEvent> events, RuntimeException failure) {
        String erased = erasedMeanwhile(failure);
        if (erased == null && !isStorageFailure(failure)) {
            throw failure;
        }
        log.warn("Could not store {} event(s): {}", events.size(), failure.toString());
        // a call erased between the aggregate's decision and the commit: nothing was stored, its events are refused,
        // the others of a batch may be posted again
        return events.stream().map(event -> event.callUuid().equals(erased) ? erased(event)
                : new ItemReceipt(event.index(), event.callUuid(), event.request().type(),
                HttpStatus.SERVICE_UNAVAILABLE.value(), "unavailable", Problems.unavailable())).toList();
    }

    private static ItemReceipt receipt(PostedEvent event, FactOutcome outcome) {
        String callUuid = event.callUuid();
        String type = event.request().type();
        return switch (outcome.result()) {
            case RECORDED -> new ItemReceipt(event.index(), callUuid, type, 201, "recorded", null);
            case ALREADY_RECORDED -> new ItemReceipt(event.index(), callUuid, type, 200, "duplicate", null);
            case CONFLICT -> new ItemReceipt(event.index(), callUuid, type, 409, "conflict",
                    Problems.conflict(callUuid, outcome.fields(), outcome.explanation()));
            case CALL_NOT_STARTED -> new ItemReceipt(event.index(), callUuid, type, 404, "not-found",
                    Problems.callNotStarted(callUuid));
            case ERASED -> erased(event);
        };
    }

    private static ItemReceipt erased(PostedEvent event) {
        return new ItemReceipt(event.index(), event.callUuid(), event.request().type(), HttpStatus.GONE.value(),
                "erased", Problems.erased(event.callUuid()));
    }

    /** The call whose erasure made this failure, or null. */
    private static String erasedMeanwhile(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallErasedException erased) {
                return erased.callUuid();
            }
        }
        return null;
    }

    /** Whether the failure came from storing (database down, lost race after every retry): worth a client retry. */
    static boolean isStorageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EventStoreException || t instanceof AxonTransientException
                    || t instanceof AggregateStreamCreationException || t instanceof DataAccessException
                    || t instanceof TransactionException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}
