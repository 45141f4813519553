package io.calllog.query.webhook;

import io.calllog.query.feed.Change;
import io.calllog.query.feed.ChangeCursor;
import io.calllog.query.feed.ChangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The delivery of one endpoint's messages by the instance that holds it: round after round (one at a time), the
 * heads of held-up calls whose retry is due are tried again, and the next events of the change feed after the
 * endpoint's position that it wants are sent, each call's in order and calls side by side. A message that fails in a
 * way worth retrying holds its call up: the call's later messages wait behind it in its {@link CallQueue} while other
 * calls go on. At the end of a round the ledger records every message the round handled, the queues are written, and
 * only then does the endpoint's position move past them, so that a crash at any moment loses nothing: what was sent
 * but not recorded is sent again, with the same {@code webhook-id}.
 * <p>
 * After {@code failures-to-pause} failures in a row the endpoint is failing: new messages stay in the feed (durable
 * there) and only the held-up calls are retried, each on its schedule; the first that gets through ends it.
 */
final class EndpointDelivery {

    private static final Logger log = LoggerFactory.getLogger(EndpointDelivery.class);
    private static final long SAVE_IDLE_POSITION_NANOS = 5_000_000_000L;

    private final String id;
    private final WebhookDispatch.Services services;
    /** The held-up calls, by call uuid: touched by one round at a time (its start and its end). */
    private final Map<String, Queue> queues = new HashMap<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile WebhookEndpoint endpoint;
    private volatile boolean stopped;
    private ChangeCursor cursor;
    /** Where the next page of the shared {@link FeedWindow} starts looking; -1 when the cursor did not come from it. */
    private long windowMark = -1;
    private long savedAt = System.nanoTime();
    private int failuresInARow;
    private Instant failingSince;
    private String lastError;
    private long rounds;
    private volatile Instant oldestPending;

    /** A call held up behind its head: the head is retried, the others wait. */
    private static final class Queue {
        final String callUuid;
        final ArrayDeque<Message> messages;
        Instant nextAttemptAt;
        int failedAttempts;

        Queue(String callUuid, List<Message> messages, Instant nextAttemptAt, int failedAttempts) {
            this.callUuid = callUuid;
            this.messages = new ArrayDeque<>(messages);
            this.nextAttemptAt = nextAttemptAt;
            this.failedAttempts = failedAttempts;
        }

        boolean holds(String messageId) {
            return messages.stream().anyMatch(message -> message.id().equals(messageId));
        }
    }

    EndpointDelivery(WebhookEndpoint endpoint, WebhookDispatch.Services services) {
        this.id = endpoint.id();
        this.endpoint = endpoint;
        this.services = services;
        this.cursor = ChangeCursor.decode(endpoint.cursor());
        this.failingSince = endpoint.failingSince();
        this.lastError = endpoint.lastError();
        for (CallQueue stored : services.ledger().queuesOf(id)) {
            queues.put(stored.callUuid(), new Queue(stored.callUuid(), stored.messages(), stored.nextAttemptAt(),
                    stored.failedAttempts()));
        }
        if (failingSince != null) {
            failuresInARow = services.properties().failuresToPause();
        }
        oldestPending = oldestQueued();
    }

    String id() {
        return id;
    }

    /** The endpoint as its latest lease renewal read it (URL, types, secrets, lease). */
    void renewed(WebhookEndpoint held) {
        this.endpoint = held;
    }

    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    Instant oldestPending() {
        return oldestPending;
    }

    /** The {@code webhook-id} of an event for an endpoint: the same whenever it is sent. */
    static String messageId(String endpointId, String callUuid, long sequence) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((endpointId + "\n" + callUuid + "\n" + sequence)
                    .getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The message an event of the feed makes for this endpoint, or null when it does not want it. */
    static Message messageOf(WebhookEndpoint endpoint, ChangeFeed.Positioned event) {
        Change change = event.change();
        if (change == null || !endpoint.wants(change.type(), change.campaignUuid())) {
            return null;
        }
        return new Message(messageId(endpoint.id(), change.callUuid(), change.sequence()), change.callUuid(),
                change.campaignUuid(), WebhookEventType.of(change.type()).orElseThrow().toString(), change.sequence(),
                event.index(), change.recordedAt());
    }

    /** Starts a round, unless one is under way or this instance may not start one now. */
    void tick() {
        if (stopped || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = services.clock().instant();
            WebhookEndpoint held = endpoint;
            // a round starts only while the lease has room for its longest attempt, so that no other instance can
            // take the endpoint over (and send the same attempt) before the round's attempts are over
            if (!held.enabled() || held.leaseUntil() == null
                    || now.plus(services.properties().timeout()).plusSeconds(1).isAfter(held.leaseUntil())) {
                busy.set(false);
                return;
            }
            if (rounds++ % 20 == 0) {
                takeRequeues(now);
            }
            Round round = new Round(held, now);
            queues.values().stream().filter(queue -> !queue.nextAttemptAt.isAfter(now)).limit(500)
                    .forEach(round::retry);
            List<ChangeFeed.Positioned> read = List.of();
            ChangeCursor after = cursor;
            long mark = -1;
            if (!failing()) {
                FeedWindow.Slice slice = services.window().after(cursor, windowMark, services.properties().pageSize());
                if (slice != null) {
                    read = slice.events();
                    after = slice.after();
                    mark = slice.mark();
                } else { // behind the window: straight from the event store
                    read = services.feed().read(cursor, services.properties().pageSize());
                    after = read.isEmpty() ? cursor : read.get(read.size() - 1).after();
                }
            }
            Map<String, List<Message>> fresh = new LinkedHashMap<>();
            for (ChangeFeed.Positioned event : read) {
                Message message = messageOf(held, event);
                if (message != null) {
                    fresh.computeIfAbsent(message.callUuid(), call -> new ArrayList<>()).add(message);
                }
            }
            fresh.forEach(round::fresh);
            if (round.isEmpty()) {
                // nothing it wants: no round to record; the position is written with the next round, or every
                // few seconds, so that a restart need not read again what it did not want
                boolean moved = !after.equals(cursor);
                cursor = after;
                windowMark = mark;
                if (moved && System.nanoTime() - savedAt > SAVE_IDLE_POSITION_NANOS) {
                    save();
                }
                busy.set(false);
                return;
            }
            ChangeCursor next = after;
            long nextMark = mark;
            round.all().whenCompleteAsync((done, failure) -> finish(round, next, nextMark, failure),
                    services.executor());
        } catch (RuntimeException e) {
            log.warn("A round of webhook endpoint {} failed; trying again", id, e);
            busy.set(false);
        }
    }

    private boolean failing() {
        return failuresInARow >= services.properties().failuresToPause() && !queues.isEmpty();
    }

    /** Puts the messages administrators asked to send again in their calls' queues. */
    private void takeRequeues(Instant now) {
        List<Requeue> requeues = new ArrayList<>(services.ledger().requeuesOf(id));
        if (requeues.isEmpty()) {
            return;
        }
        requeues.sort((a, b) -> Long.compare(a.message().eventIndex(), b.message().eventIndex()));
        Set<String> changed = new LinkedHashSet<>();
        for (Requeue requeue : requeues) {
            Message message = requeue.message();
            Queue queue = queues.get(message.callUuid());
            if (queue == null) {
                queues.put(message.callUuid(), new Queue(message.callUuid(), List.of(message), now, 0));
            } else if (queue.messages.peekFirst().id().equals(message.id())) {
                queue.nextAttemptAt = now;
            } else if (!queue.holds(message.id())) {
                queue.messages.addLast(message);
            }
            changed.add(message.callUuid());
        }
        services.ledger().saveQueues(changed.stream().map(this::stored).toList(), List.of());
        services.ledger().requeued(requeues.stream().map(Requeue::id).toList());
        oldestPending = oldestQueued();
    }

    private CallQueue stored(String callUuid) {
        Queue queue = queues.get(callUuid);
        return new CallQueue(CallQueue.idOf(id, callUuid), id, callUuid, List.copyOf(queue.messages),
                queue.nextAttemptAt, queue.failedAttempts);
    }

    /** What one message came to in a round. */
    private record Done(Message message, DeliveryAttempt attempt, boolean retriedHead) {
    }

    /** One round: its attempts under way, and what each message came to. */
    private final class Round {
        final WebhookEndpoint endpoint;
        final Instant startedAt;
        final List<CompletableFuture<Void>> work = new ArrayList<>();
        final List<Done> done = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean gone = new AtomicBoolean();

        Round(WebhookEndpoint endpoint, Instant startedAt) {
            this.endpoint = endpoint;
            this.startedAt = startedAt;
        }

        boolean isEmpty() {
            return work.isEmpty() && done.isEmpty();
        }

        CompletableFuture<Void> all() {
            return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
        }

        void retry(Queue queue) {
            Message head = queue.messages.peekFirst();
            work.add(send(head).thenAccept(attempt -> done.add(new Done(head, attempt, true))));
        }

        void fresh(String callUuid, List<Message> messages) {
            if (queues.containsKey(callUuid)) { // held up: they wait behind its head
                messages.forEach(message -> done.add(new Done(message, null, false)));
            } else {
                work.add(inOrder(messages, 0));
            }
        }

        private CompletableFuture<Void> inOrder(List<Message> messages, int next) {
            if (next == messages.size()) {
                return CompletableFuture.completedFuture(null);
            }
            Message message = messages.get(next);
            if (gone.get()) {
                messages.subList(next, messages.size()).forEach(waiting -> done.add(new Done(waiting, null, false)));
                return CompletableFuture.completedFuture(null);
            }
            return send(message).thenComposeAsync(attempt -> {
                done.add(new Done(message, attempt, false));
                AttemptOutcome outcome = attempt.outcome();
                if (outcome == AttemptOutcome.DELIVERED || outcome == AttemptOutcome.GIVE_UP) {
                    return inOrder(messages, next + 1);
                }
                gone.compareAndSet(false, outcome == AttemptOutcome.GONE);
                messages.subList(next + 1, messages.size())
                        .forEach(waiting -> done.add(new Done(waiting, null, false)));
                return CompletableFuture.completedFuture(null);
            }, services.executor());
        }

        private CompletableFuture<DeliveryAttempt> send(Message message) {
            byte[] body;
            try {
                body = services.bodies().of(message);
            } catch (RuntimeException e) {
                log.warn("The body of webhook message {} could not be made", message.id(), e);
                return CompletableFuture.completedFuture(new DeliveryAttempt(services.clock().instant(), null, 0,
                        "the message could not be made: " + e.getClass().getSimpleName()));
            }
            return services.sender().send(endpoint.url(), message.id(), body, endpoint.signingAt(startedAt));
        }
    }

    /** Records what the round did, and only then moves the endpoint's position past it. */
    private void finish(Round round, ChangeCursor after, long mark, Throwable failure) {
        try {
            if (failure != null) {
                log.warn("A round of webhook endpoint {} failed; its messages are sent again", id, failure);
                return;
            }
            Instant now = services.clock().instant();
            List<DeliveryLedger.Entry> entries = new ArrayList<>();
            Set<String> changed = new LinkedHashSet<>();
            Set<String> removed = new LinkedHashSet<>();
            boolean gone = false;
            List<Done> done;
            synchronized (round.done) {
                done = new ArrayList<>(round.done);
            }
            for (Done result : done) {
                Message message = result.message();
                String call = message.callUuid();
                boolean first = !result.retriedHead(); // read from the feed in this round
                DeliveryAttempt attempt = result.attempt();
                if (attempt == null) { // waits behind its call's head
                    Queue queue = queues.get(call);
                    if (queue == null) {
                        queues.put(call, new Queue(call, List.of(message), now, 0));
                        entries.add(entry(first, message, DeliveryStatus.PENDING, null, now));
                    } else if (!queue.holds(message.id())) {
                        queue.messages.addLast(message);
                        entries.add(entry(first, message, DeliveryStatus.PENDING, null, null));
                    }
                    changed.add(call);
                    continue;
                }
                AttemptOutcome outcome = attempt.outcome();
                services.metrics().attempted(id, outcome);
                Queue queue = result.retriedHead() ? queues.get(call) : null;
                int failed = (queue == null ? 0 : queue.failedAttempts) + 1;
                switch (outcome) {
                    case DELIVERED, GIVE_UP -> {
                        failuresInARow = 0;
                        entries.add(entry(first, message, outcome == AttemptOutcome.DELIVERED ? DeliveryStatus.DELIVERED
                                : DeliveryStatus.FAILED, attempt, null));
                        if (queue != null) {
                            next(queue, now, changed, removed);
                        }
                    }
                    case RETRY -> {
                        failuresInARow++;
                        lastError = attempt.error();
                        if (failed > services.properties().retrySchedule().size()) { // every retry spent
                            entries.add(entry(first, message, DeliveryStatus.FAILED, attempt, null));
                            services.metrics().attempted(id, AttemptOutcome.GIVE_UP);
                            if (queue != null) {
                                next(queue, now, changed, removed);
                            }
                        } else {
                            Instant retryAt = now.plus(backoff(failed));
                            if (queue == null) {
                                queue = new Queue(call, List.of(message), retryAt, failed);
                                queues.put(call, queue);
                            }
                            queue.nextAttemptAt = retryAt;
                            queue.failedAttempts = failed;
                            entries.add(entry(first, message, DeliveryStatus.PENDING, attempt, retryAt));
                            changed.add(call);
                        }
                    }
                    case GONE -> {
                        gone = true;
                        lastError = attempt.error();
                        if (queue == null) {
                            queues.put(call, new Queue(call, List.of(message), now, 0));
                        } else {
                            queue.nextAttemptAt = now;
                        }
                        entries.add(entry(first, message, DeliveryStatus.PENDING, attempt, now));
                        changed.add(call);
                    }
                }
            }
            changed.removeAll(removed);
            // the queues first: after a crash between the two, the calls are still held up, and the messages read
            // again wait behind their heads (each once) instead of passing them
            services.ledger().saveQueues(changed.stream().filter(queues::containsKey).map(this::stored).toList(),
                    removed.stream().map(call -> CallQueue.idOf(id, call)).toList());
            services.ledger().record(entries, now);
            boolean failingNow = failing();
            if (failingNow && failingSince == null) {
                failingSince = now;
                log.warn("Webhook endpoint {} is failing: {} attempts in a row failed ({}); new messages wait until a "
                        + "retry gets through", id, failuresInARow, lastError);
            } else if (!failingNow && failingSince != null) {
                log.info("Webhook endpoint {} is receiving again", id);
                failingSince = null;
            }
            if (!failingNow && failingSince == null && failuresInARow == 0) {
                lastError = null;
            }
            cursor = after;
            windowMark = mark;
            oldestPending = oldestQueued();
            save();
            if (gone) { // nothing more is sent to it, from this round on, until it is enabled again
                stopped = true;
                services.disable(id, "the endpoint answered 410 Gone at " + now);
            }
        } catch (RuntimeException e) {
            log.warn("Recording a round of webhook endpoint {} failed; its messages are sent again", id, e);
            reload();
        } finally {
            busy.set(false);
        }
    }

    /** Writes the position (and whether it is failing), if this instance still holds the endpoint; else stops. */
    private void save() {
        savedAt = System.nanoTime();
        if (!services.endpoints().advance(id, services.node(), cursor.encode(), failingSince, lastError)) {
            log.info("Webhook endpoint {} is no longer held by this instance (another took it over, or it was deleted "
                    + "or disabled); this one stops delivering it", id);
            stopped = true;
        }
    }

    /** After a round that could not be recorded: back to what is stored, so that nothing is skipped. */
    private void reload() {
        try {
            services.endpoints().of(id).ifPresent(stored -> cursor = ChangeCursor.decode(stored.cursor()));
            windowMark = -1;
            queues.clear();
            for (CallQueue stored : services.ledger().queuesOf(id)) {
                queues.put(stored.callUuid(), new Queue(stored.callUuid(), stored.messages(), stored.nextAttemptAt(),
                        stored.failedAttempts()));
            }
        } catch (RuntimeException e) {
            log.warn("Webhook endpoint {} could not be read back; this instance stops delivering it", id, e);
            stopped = true;
        }
    }

    /** The head of a queue is done: the next message of its call is due now, or the call is no longer held up. */
    private void next(Queue queue, Instant now, Set<String> changed, Set<String> removed) {
        queue.messages.pollFirst();
        queue.failedAttempts = 0;
        queue.nextAttemptAt = now;
        if (queue.messages.isEmpty()) {
            queues.remove(queue.callUuid);
            removed.add(queue.callUuid);
        } else {
            changed.add(queue.callUuid);
        }
    }

    private DeliveryLedger.Entry entry(boolean first, Message message, DeliveryStatus status, DeliveryAttempt attempt,
                                       Instant nextAttemptAt) {
        return new DeliveryLedger.Entry(id, message, status, attempt, nextAttemptAt, first);
    }

    /** The wait before retry number {@code failed}: the schedule's, give or take the jitter. */
    private Duration backoff(int failed) {
        Duration wait = services.properties().retrySchedule().get(failed - 1);
        double jitter = services.properties().jitter();
        double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(wait.toMillis() * factor)));
    }

    private Instant oldestQueued() {
        return queues.values().stream().flatMap(queue -> queue.messages.stream()).map(Message::recordedAt)
                .min(Instant::compareTo).orElse(null);
    }
}
