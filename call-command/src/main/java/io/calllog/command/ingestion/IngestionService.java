package io.calllog.command.ingestion;

import io.calllog.command.call.CallNotStartedException;
import io.calllog.command.call.FactOutcome;
import io.calllog.command.call.RecordCallFacts;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends posted events to the {@code Call} aggregates: one command, and so one transaction, per call, carrying that
 * call's events in the posted order. Each event gets a receipt; an event store failure marks only the events of the
 * calls it hit (their command rolled back, so none of their events is stored) as unavailable.
 */
@Service
class IngestionService {

    private static final Logger log = LoggerFactory.getLogger(IngestionService.class);

    private final CommandGateway commandGateway;
    private final Clock clock = Clock.systemUTC();

    IngestionService(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    /** Receipts for the given events, in the order of the given events. */
    List<ItemReceipt> record(List<PostedEvent> events) {
        Instant receivedAt = clock.instant();
        Map<String, List<PostedEvent>> byCall = events.stream()
                .collect(Collectors.groupingBy(PostedEvent::callUuid, LinkedHashMap::new, Collectors.toList()));
        Map<PostedEvent, ItemReceipt> receipts = new LinkedHashMap<>();
        byCall.forEach((callUuid, callEvents) -> {
            List<ItemReceipt> callReceipts = recordCall(callUuid, callEvents, receivedAt);
            for (int i = 0; i < callEvents.size(); i++) {
                receipts.put(callEvents.get(i), callReceipts.get(i));
            }
        });
        return events.stream().map(receipts::get).toList();
    }

    private List<ItemReceipt> recordCall(String callUuid, List<PostedEvent> events, Instant receivedAt) {
        RecordCallFacts command = new RecordCallFacts(callUuid,
                events.stream().map(e -> e.request().toCommand()).toList(), receivedAt);
        try {
            List<FactOutcome> outcomes = commandGateway.sendAndWait(command);
            List<ItemReceipt> receipts = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                receipts.add(receipt(events.get(i), outcomes.get(i)));
            }
            return receipts;
        } catch (CallNotStartedException e) {
            return events.stream().map(event -> receipt(event, FactOutcome.callNotStarted(callUuid))).toList();
        } catch (RuntimeException e) {
            if (!isStorageFailure(e)) {
                throw e;
            }
            log.warn("Could not store {} event(s) of call {}: {}", events.size(), callUuid, e.toString());
            return events.stream().map(event -> new ItemReceipt(event.index(), callUuid, event.request().type(),
                    HttpStatus.SERVICE_UNAVAILABLE.value(), "unavailable", Problems.unavailable())).toList();
        }
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
        };
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
