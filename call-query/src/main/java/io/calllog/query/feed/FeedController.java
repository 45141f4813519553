package io.calllog.query.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.events.ClientId;
import io.calllog.query.call.CallView;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import io.calllog.query.problem.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.media.StringSchema;
import jakarta.validation.constraints.Pattern;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.hibernate.validator.constraints.Range;
import org.springdoc.core.utils.SpringDocUtils;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The change feed ({@code GET /api/changes}) and a call's stored history ({@code GET /api/calls/{uuid}/events}), both
 * read from the event store itself: they answer while a projection is being rebuilt.
 */
@RestController
@Tag(name = ApiDescriptionConfiguration.CHANGES)
class FeedController {

    static final URI CALL_NOT_FOUND = URI.create("urn:call-log:problem:call-not-found");
    static final String NOW = "now";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** What a call's stream sends after its snapshot. */
    static final Set<ChangeType> CALL_TYPES = EnumSet.of(ChangeType.TRANSCRIPT, ChangeType.COMPLETED,
            ChangeType.SUMMARIZED);

    static {
        // a stream's return type is its emitter, not a body: described by its @ApiResponse (text/event-stream), and
        // without an unused SseEmitter schema in the document
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class, new StringSchema());
    }

    private final ChangeFeed feed;
    private final ChangeStreams streams;
    private final EventStorageEngine events;
    private final Duration streamTimeout;
    private final ObjectMapper json;

    FeedController(ChangeFeed feed, ChangeStreams streams, EventStorageEngine events, ObjectMapper json,
                   @Value("${calllog.changes.stream-timeout:30m}") Duration streamTimeout) {
        this.feed = feed;
        this.streams = streams;
        this.events = events;
        this.json = json;
        this.streamTimeout = streamTimeout;
    }

    @Operation(operationId = "listChanges", summary = "What the event store holds, page by page, resumable",
            description = "Every stored event of every call, once, in the event store's order (per call, in its "
                    + "sequence order), including an event whose transaction committed after events stored later. "
                    + "Store `next` and pass it back as `after` to continue; an empty page still answers a `next` "
                    + "to poll with. No `after`: from the beginning; `after=now`: from the current head.")
    @ApiResponse(responseCode = "200", description = "One page of changes", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChangePage.class)))
    @GetMapping(path = "/api/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    ChangePage listChanges(
            @Parameter(description = "A cursor this feed handed out (`next`), or `now`",
                    schema = @Schema(type = "string"))
            @RequestParam(required = false) String after,
            @Parameter(description = "Changes per page", schema = @Schema(type = "integer", format = "int32",
                    minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) @Range(min = 1, max = MAX_LIMIT) int limit,
            @Parameter(description = "Only this campaign's changes",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String campaignUuid,
            @Parameter(description = "Only this call's changes",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String callUuid,
            @Parameter(description = "Only changes of these types (repeat the parameter for several)",
                    array = @ArraySchema(schema = @Schema(type = "string",
                            allowableValues = {"started", "transcript", "completed", "summarized",
                            "erased"})))
            @RequestParam(required = false) List<String> type) {
        return feed.page(new ChangeFeed.Request(cursor(after, "after"), limit, campaignUuid, callUuid, types(type)));
    }

    private static Set<ChangeType> types(List<String> names) {
        Set<ChangeType> types = EnumSet.noneOf(ChangeType.class);
        for (String name : names == null ? List.<String>of() : names) {
            types.add(ChangeType.named(name).orElseThrow(() -> new InvalidQueryException(List.of(
                    new FieldError("type", "must be one of " + String.join(", ", ChangeType.NAMES))))));
        }
        return types;
    }

    /** The position a client gives: null (the start), {@code now} (the head), or a cursor this feed handed out. */
    private ChangeCursor cursor(String given, String name) {
        if (given == null) {
            return null;
        }
        if (given.equals(NOW)) {
            return feed.head();
        }
        try {
            return ChangeCursor.decode(given);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(List.of(new FieldError(name,
                    "must be a cursor this feed handed out (its `next`, or an event's id), or now")));
        }
    }

    @Operation(operationId = "streamChanges", summary = "The change feed, live, as Server-Sent Events",
            description = "The same changes as `GET /api/changes`, as they are stored: each an event whose `id` is "
                    + "the cursor after it, `event` its type and `data` the change as JSON. Resume with "
                    + "`Last-Event-ID` (or `after`). A comment line every 15 s keeps proxies from closing the stream. "
                    + "A client that falls more than a buffer behind gets an `overflow` event whose data names the "
                    + "cursor to resume from, and the stream ends.")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @GetMapping(path = "/api/changes/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter streamChanges(
            @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID",
                    description = "The `id` of the last event received: the stream resumes after it",
                    schema = @Schema(type = "string"))
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(description = "A cursor this feed handed out, or `now`; `Last-Event-ID` wins",
                    schema = @Schema(type = "string"))
            @RequestParam(required = false) String after,
            @Parameter(description = "Only this campaign's changes",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String campaignUuid,
            @Parameter(description = "Only this call's changes",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String callUuid,
            @Parameter(description = "Only changes of these types (repeat the parameter for several)",
                    array = @ArraySchema(schema = @Schema(type = "string",
                            allowableValues = {"started", "transcript", "completed", "summarized",
                            "erased"})))
            @RequestParam(required = false) List<String> type) {
        ChangeCursor cursor = lastEventId != null ? cursor(lastEventId, "Last-Event-ID") : cursor(after, "after");
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        return endingWith(emitter, streams.subscribe(
                new ChangeFeed.Request(cursor, 0, campaignUuid, callUuid, types(type)), new SseClient(emitter)));
    }

    @Operation(operationId = "streamCall", summary = "One call, live, as Server-Sent Events",
            description = "First `event: snapshot` with the call as `GET /api/calls/{uuid}` shows it (made from its "
                    + "stored events), then its `transcript`, `completed` and `summarized` events as they are "
                    + "recorded, each with the call's event number as its `id`. Resume with `Last-Event-ID`: the "
                    + "events after that number, without a snapshot. The stream stays open after the call ends (late "
                    + "lines, new summaries) until the client leaves or it has been open 30 minutes. An unknown call is "
                    + "a 404 problem.")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No call with this uuid")
    @GetMapping(path = "/api/calls/{uuid}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter streamCall(
            @Parameter(description = "The call's id", schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @PathVariable @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String uuid,
            @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID",
                    description = "The `id` (event number) of the last event received: the stream resumes after it",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) throws Exception {
        Long resumeAfter = null;
        if (lastEventId != null) {
            try {
                resumeAfter = Long.parseLong(lastEventId);
            } catch (NumberFormatException e) {
                resumeAfter = -1L;
            }
            if (resumeAfter < 0) {
                throw new InvalidQueryException(List.of(new FieldError("Last-Event-ID",
                        "must be the id of an event of this stream: the call's event number")));
            }
        }
        // the live part starts where the store is now, before the history is read: nothing falls in between
        ChangeCursor start = feed.head();
        List<? extends DomainEventMessage<?>> stored = events.readEvents(uuid, 0).asStream().toList();
        CallView call = CallView.ofEvents(stored.stream().map(DomainEventMessage::getPayload).toList())
                .orElseThrow(() -> new NotFoundException(CALL_NOT_FOUND, "Call not found", "no call with uuid " + uuid,
                        "uuid", uuid));
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        long last = stored.get(stored.size() - 1).getSequenceNumber();
        CallClient client = new CallClient(emitter, resumeAfter == null ? last : resumeAfter);
        if (resumeAfter == null) {
            emitter.send(SseEmitter.event().id(String.valueOf(last)).name("snapshot")
                    .data(call, MediaType.APPLICATION_JSON));
        } else {
            for (DomainEventMessage<?> event : stored) {
                Optional<ChangeType> type = ChangeType.of(event.getPayloadType());
                if (type.isPresent() && CALL_TYPES.contains(type.get())) {
                    Change change = new Change(uuid, call.campaignUuid(), type.get().toString(),
                            event.getSequenceNumber(), event.getTimestamp(), type.get().data(event.getPayload()));
                    client.change(change, json.writeValueAsString(change));
                }
            }
            client.flush();
        }
        return endingWith(emitter, streams.subscribe(new ChangeFeed.Request(start, 0, null, uuid, CALL_TYPES), client));
    }

    /** The subscriber ends with its stream, whether the client left, the stream timed out or a write failed. */
    private static SseEmitter endingWith(SseEmitter emitter, ChangeSubscriber subscriber) {
        emitter.onCompletion(subscriber::end);
        emitter.onTimeout(subscriber::end);
        emitter.onError(error -> subscriber.end());
        return emitter;
    }

    /** One call's events sent as Server-Sent Events, each once: its id is the call's event number. */
    private static final class CallClient extends SseClient {
        private long sent;

        CallClient(SseEmitter emitter, long sent) {
            super(emitter);
            this.sent = sent;
        }

        @Override
        public void change(ChangeFeed.Positioned event, ChangeCursor position) {
            change(event.change(), event.json());
        }

        /** Adds the change unless its number was sent already. */
        void change(Change change, String json) {
            if (change.sequence() > sent) {
                add(SseFrames.change(String.valueOf(change.sequence()), change.type(), json));
                sent = change.sequence();
            }
        }

        @Override
        public void overflow(String cursor) {
            super.overflow(String.valueOf(sent));
        }
    }

    @Operation(operationId = "getCallHistory", summary = "A call's stored events, oldest first",
            description = "The audit view, straight from the event store: every event of the call with its "
                    + "sequence, type, revision (the current one: older events are upcast) and time. It answers "
                    + "while a projection is being rebuilt. An unknown call is a 404 problem.")
    @ApiResponse(responseCode = "200", description = "One page of the call's history", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CallHistoryPage.class)))
    @ApiResponse(responseCode = "404", description = "No call with this uuid")
    @GetMapping(path = "/api/calls/{uuid}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    CallHistoryPage getCallHistory(
            @Parameter(description = "The call's id", schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @PathVariable @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String uuid,
            @Parameter(description = "Only events after this sequence number",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(required = false) @Range(min = 0, max = Long.MAX_VALUE - 1) Long after,
            @Parameter(description = "Events per page", schema = @Schema(type = "integer", format = "int32",
                    minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) @Range(min = 1, max = MAX_LIMIT) int limit) {
        DomainEventStream stored = events.readEvents(uuid, after == null ? 0 : after + 1);
        List<StoredEvent> page = new ArrayList<>();
        while (page.size() < limit && stored.hasNext()) {
            DomainEventMessage<?> event = stored.next();
            ChangeType.of(event.getPayloadType()).ifPresent(type -> page.add(new StoredEvent(
                    event.getSequenceNumber(), type.toString(), CallStories.revisionOf(event.getPayloadType()),
                    event.getTimestamp(), type.data(event.getPayload()))));
        }
        if (page.isEmpty() && (after == null || events.readEvents(uuid, 0).asStream().findAny().isEmpty())) {
            throw new NotFoundException(CALL_NOT_FOUND, "Call not found", "no call with uuid " + uuid, "uuid", uuid);
        }
        Long next = page.size() == limit && stored.hasNext() ? page.get(page.size() - 1).sequence() : null;
        return new CallHistoryPage(uuid, page, next);
    }
}
