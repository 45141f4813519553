package io.calllog.command.call;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * The command the {@link Call} aggregate handles: the facts a worker reported about one call, in the order they are
 * to be applied. A single posted event is a list of one; a batch becomes one command per call, so that a batch costs
 * one transaction per call rather than one per event.
 *
 * @param callUuid   the call
 * @param facts      what happened, in order
 * @param receivedAt when the service received the request: the time of every fact that does not carry its own
 */
public record RecordCallFacts(@TargetAggregateIdentifier String callUuid, List<CallCommand> facts, Instant receivedAt) {

    public RecordCallFacts {
        facts = List.copyOf(facts);
    }

    public static RecordCallFacts of(String callUuid, Instant receivedAt, CallCommand... facts) {
        return new RecordCallFacts(callUuid, List.of(facts), receivedAt);
    }
}
