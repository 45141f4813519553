package io.calllog.query.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The projections' dead-letter queues (one per projection, in MongoDB beside the read model, see
 * {@link ProjectionConfiguration}): what they hold, and retrying them through Axon's dead-letter processor, which
 * hands each held call's letters, in order, to the projection's handlers again.
 */
@Component
public class DeadLetters {

    private final EventProcessingConfiguration processing;

    DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public Optional<DeadLettersView> of(String projection) {
        return processing.deadLetterQueue(projection).map(queue -> {
            List<DeadLetterSequenceView> calls = new ArrayList<>();
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                List<DeadLetterView> letters = new ArrayList<>();
                sequence.forEach(letter -> letters.add(view(letter)));
                if (!letters.isEmpty()) {
                    calls.add(new DeadLetterSequenceView(letters.get(0).callUuid(), letters));
                }
            }
            return new DeadLettersView(projection, calls.size(),
                    calls.stream().mapToLong(call -> call.letters().size()).sum(), calls);
        });
    }

    /**
     * Tries every held call once: each call's letters are handled in order until one fails again, which stays (with
     * its new cause) together with the letters behind it.
     */
    public Optional<DeadLetterRetry> retry(String projection) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(projection);
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor =
                processing.sequencedDeadLetterProcessor(projection);
        if (queue.isEmpty() || processor.isEmpty()) {
            return Optional.empty();
        }
        long held = queue.get().amountOfSequences();
        int succeeded = 0;
        int failed = 0;
        for (long i = 0; i < held; i++) {
            if (processor.get().processAny()) {
                succeeded++;
            } else {
                failed++;
            }
        }
        return Optional.of(new DeadLetterRetry(projection, succeeded, failed, queue.get().size()));
    }

    /** Letters held by a projection, or 0 where it has no queue. */
    public long size(String projection) {
        return processing.deadLetterQueue(projection).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /** Forgets a projection's dead letters: a replay handles every event again anyway. */
    void clear(String projection) {
        processing.deadLetterQueue(projection).ifPresent(SequencedDeadLetterQueue::clear);
    }

    private static DeadLetterView view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        String callUuid = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long sequence = event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        Object attempts = letter.diagnostics().get(DeadLetterPolicy.ATTEMPTS);
        return new DeadLetterView(event.getIdentifier(), event.getPayloadType().getSimpleName(), callUuid, sequence,
                letter.cause().map(cause -> cause.type()).orElse(null),
                letter.cause().map(cause -> cause.message()).orElse(null),
                letter.enqueuedAt(), letter.lastTouched(), attempts instanceof Number n ? n.longValue() : 0);
    }
}
