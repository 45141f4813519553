package io.calllog.query.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.eventstore.EventStoreConfiguration;
import io.calllog.events.CallStarted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The change feed: what the event store holds, page by page, straight from it (not from a projection), so that a
 * client following the cursors from the start sees every stored event once, in the event store's order.
 * <p>
 * A page is read as a projection's processor reads: through the storage engine, after the cursor's position, with
 * Axon's gap-aware tokens. A transaction that commits after events stored later leaves a gap in the cursor handed out
 * before it committed; every later read asks for the gaps too, so the event is delivered when it commits, once (the
 * next cursor no longer has it as a gap). Per call, events come in their sequence order: a call's next event cannot be
 * stored before the one before it commits (the call is loaded to validate it). Axon drops a gap older than the storage
 * engine's gap timeout (60 s): keep write transactions short (they are: one request, one transaction).
 */
@Service
public class ChangeFeed {

    /** How far below the head a cursor handed out for {@code after=now} looks for transactions still open. */
    static final int HEAD_WINDOW = 1_000;

    private final EventStorageEngine events;
    private final CampaignsOfCalls campaigns;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ChangeFeed(EventStorageEngine events, CampaignsOfCalls campaigns, DataSource dataSource, ObjectMapper json) {
        this.events = events;
        this.campaigns = campaigns;
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    /** A change as JSON, made once for every stream that sends it. */
    private String json(Change change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be written as JSON", e);
        }
    }

    /** What a page asks for: up to {@code limit} changes after {@code after} (null: the start) that match. */
    record Request(ChangeCursor after, int limit, String campaignUuid, String callUuid, Set<ChangeType> types) {
        /** Whether it asks for every change (no filter). */
        boolean all() {
            return campaignUuid == null && callUuid == null && types.isEmpty();
        }

        boolean matches(String call, ChangeType type) {
            return (callUuid == null || callUuid.equals(call)) && (types.isEmpty() || types.contains(type));
        }
    }

    ChangePage page(Request request) {
        List<Change> changes = new ArrayList<>(Math.min(request.limit(), 1_000));
        TrackingToken last = request.after() == null ? null : request.after().token();
        try (Stream<? extends TrackedEventMessage<?>> stored = events.readEvents(last, false)) {
            Iterator<? extends TrackedEventMessage<?>> read = stored.iterator();
            while (changes.size() < request.limit() && read.hasNext()) {
                TrackedEventMessage<?> event = read.next();
                last = event.trackingToken();
                Change change = changeOf(event, request);
                if (change != null) {
                    changes.add(change);
                }
            }
        }
        return new ChangePage(changes, ChangeCursor.of(last).encode());
    }

    /**
     * One stored event as the streams and the webhooks hand it on: its global index, its change (null if not a call's
     * fact) and the cursor after it. Its JSON, and its Server-Sent Events frame (whose id is the cursor after it), are
     * made once, by the first that needs them (a benign race), and shared; events no one sends are never written.
     */
    public static final class Positioned {
        private final long index;
        private final Change change;
        private final ChangeFeed feed;
        private final ChangeCursor after;
        private volatile String json;
        private volatile byte[] frame;

        Positioned(long index, Change change, ChangeFeed feed, ChangeCursor after) {
            this.index = index;
            this.change = change;
            this.feed = feed;
            this.after = after;
        }

        /** One whose JSON is given (tests of the streams). */
        Positioned(long index, Change change, String json, ChangeCursor after) {
            this(index, change, (ChangeFeed) null, after);
            this.json = json;
        }

        public long index() {
            return index;
        }

        public Change change() {
            return change;
        }

        String json() {
            String made = json;
            if (made == null && change != null) {
                made = feed.json(change);
                json = made;
            }
            return made;
        }

        public ChangeCursor after() {
            return after;
        }

        /** The change as a Server-Sent Events frame whose id is the cursor after it. */
        byte[] frame() {
            byte[] made = frame;
            if (made == null) {
                made = SseFrames.change(after.encode(), change.type(), json());
                frame = made;
            }
            return made;
        }
    }

    /** Up to {@code limit} stored events after {@code after} (null: the start), every one, unfiltered. */
    public List<Positioned> read(ChangeCursor after, int limit) {
        List<Positioned> read = new ArrayList<>(Math.min(limit, 1_000));
        Request all = new Request(after, limit, null, null, Set.of());
        try (Stream<? extends TrackedEventMessage<?>> stored = events.readEvents(after == null ? null : after.token(),
                false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stored.iterator();
            ChangeCursor before = after == null ? ChangeCursor.of(null) : after;
            while (read.size() < limit && events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                ChangeCursor cursor = ChangeCursor.of(event.trackingToken());
                Change change = changeOf(event, all);
                read.add(new Positioned(before.indexOfNext(cursor), change, this, cursor));
                before = cursor;
            }
        }
        return read;
    }

    /** The event as a change, if it is a call's fact that the request asks for; null otherwise. */
    private Change changeOf(TrackedEventMessage<?> event, Request request) {
        if (!(event instanceof DomainEventMessage<?> domain)) {
            return null;
        }
        ChangeType type = ChangeType.of(event.getPayloadType()).orElse(null);
        String call = domain.getAggregateIdentifier();
        if (type == null || !request.matches(call, type)) {
            return null;
        }
        Object payload = event.getPayload();
        String campaign;
        if (payload instanceof CallStarted started) {
            campaigns.started(started);
            campaign = started.campaignUuid();
        } else {
            campaign = campaigns.of(call);
        }
        if (request.campaignUuid() != null && !request.campaignUuid().equals(campaign)) {
            return null;
        }
        return new Change(call, campaign, type.toString(), domain.getSequenceNumber(), event.getTimestamp(),
                type.data(payload));
    }

    /**
     * The cursor of the current head: the newest stored event, with the indexes below it (within
     * {@value #HEAD_WINDOW}) that no committed event holds yet as gaps, so that a transaction still open now is
     * delivered when it commits.
     */
    public ChangeCursor head() {
        TrackingToken head = events.createHeadToken();
        long index = head == null ? -1 : head.position().orElse(-1);
        if (index < 0) {
            return ChangeCursor.at(-1, List.of());
        }
        EventSchema schema = EventStoreConfiguration.eventSchema();
        long from = Math.max(-1, index - HEAD_WINDOW);
        Set<Long> present = new HashSet<>(jdbc.queryForList("SELECT " + schema.globalIndexColumn() + " FROM "
                + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ? AND "
                + schema.globalIndexColumn() + " <= ?", Long.class, from, index));
        TreeSet<Long> gaps = new TreeSet<>();
        long lowest = firstIndex(schema);
        for (long i = Math.max(from + 1, lowest); i < index; i++) {
            if (!present.contains(i)) {
                gaps.add(i);
            }
        }
        return ChangeCursor.at(index, gaps);
    }

    /** The first global index the store hands out (1 on PostgreSQL and H2 sequences). */
    private long firstIndex(EventSchema schema) {
        Long lowest = jdbc.queryForObject("SELECT MIN(" + schema.globalIndexColumn() + ") FROM "
                + schema.domainEventTable(), Long.class);
        return lowest == null ? 0 : lowest;
    }
}
