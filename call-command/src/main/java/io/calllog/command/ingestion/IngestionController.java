package io.calllog.command.ingestion;

import io.calllog.events.ClientId;
import jakarta.validation.constraints.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.access.ApiDescriptionConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The ingestion API that telephony workers post to. See docs/ingestion.md for the contract.
 * <ul>
 *     <li>{@code POST /api/calls/{uuid}/events}: one event. 201 recorded, 200 already recorded (retry), or a
 *     problem: 400 invalid, 404 call not started, 409 conflicting repeat, 415 not JSON, 503 retry later.</li>
 *     <li>{@code POST /api/events}: {@code {"events": [...]}}, 1 to 1,000 items each with its {@code callUuid};
 *     200 with one receipt per item. A request that is wrong as a whole (not JSON, no {@code events}, too many items)
 *     is refused as a whole and stores nothing.</li>
 * </ul>
 */
@RestController
@Tag(name = ApiDescriptionConfiguration.INGESTION)
class IngestionController {

    private final EventRequestReader reader;
    private final IngestionService ingestion;

    IngestionController(EventRequestReader reader, IngestionService ingestion) {
        this.reader = reader;
        this.ingestion = ingestion;
    }

    @Operation(operationId = "postCallEvent", summary = "Record one event of a call",
            description = "201 when recorded now, 200 when it was already recorded (a retry: nothing appended). "
                    + "Every success means the event is durably in the event store.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(oneOf = {StartedRequest.class,
            TranscriptRequest.class, CompletedRequest.class, SummarizedRequest.class})))
    @ApiResponse(responseCode = "201", description = "Recorded", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EventReceipt.class)))
    @ApiResponse(responseCode = "200", description = "Already recorded with the same values (a retry)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = EventReceipt.class)))
    @ApiResponse(responseCode = "404", description = "The call has not started: post its `started` event first")
    @ApiResponse(responseCode = "409", description = "A repeat with other values than those recorded: a second "
            + "`started` or `completed` that differs, or a `seq` posted again with other text; `errors` name the "
            + "fields")
    @ApiResponse(responseCode = "410", description = "The call's personal data was erased: its events are no longer "
            + "taken, a retry included; nothing stored")
    @ApiResponse(responseCode = "413", description = "The body is larger than the limit")
    @Parameter(name = "uuid", description = "The call's id, chosen by the worker (the telephony provider's call id)",
            schema = @Schema(pattern = ClientId.REGEX, minLength = 1, maxLength = 128))
    @PostMapping(path = "/api/calls/{uuid}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EventReceipt> postEvent(
            @PathVariable @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String uuid,
            @RequestBody JsonNode body) {
        EventRequestReader.Read read = reader.read(body);
        if (!read.isValid()) {
            throw new InvalidRequestException(read.errors());
        }
        if (read.request().callUuid() != null && !read.request().callUuid().equals(uuid)) {
            throw new InvalidRequestException(List.of(
                    new FieldError("callUuid", "must equal the uuid in the path, or be left out")));
        }
        ItemReceipt receipt = ingestion.recordCall(uuid, List.of(new PostedEvent(0, uuid, read.request()))).get(0);
        if (receipt.problem() != null) {
            throw Problems.refusal(receipt.problem());
        }
        EventReceipt body201or200 = new EventReceipt(uuid, receipt.type(), receipt.outcome());
        return receipt.status() == HttpStatus.CREATED.value()
                ? ResponseEntity.created(URI.create("/api/calls/" + uuid)).body(body201or200)
                : ResponseEntity.ok(body201or200);
    }

    @Operation(operationId = "postEvents", summary = "Record up to 1,000 events of any calls in one request",
            description = "Each item is an event with its `callUuid`. 200 with one receipt per item in the posted "
                    + "order: items with a 2xx status are durably in the event store, the others stored nothing. A "
                    + "request wrong as a whole (not JSON, no `events`, too many items) stores nothing.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BatchRequestSchema.class)))
    @ApiResponse(responseCode = "200", description = "One receipt per item", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BatchReceipt.class)))
    @ApiResponse(responseCode = "413", description = "More than 1,000 items, or a body larger than the limit")
    @PostMapping(path = "/api/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchReceipt> postEvents(@RequestBody JsonNode body) {
        JsonNode events = eventsOf(body);
        List<ItemReceipt> receipts = new ArrayList<>(events.size());
        List<PostedEvent> valid = new ArrayList<>(events.size());
        Iterator<JsonNode> items = events.elements();
        for (int index = 0; items.hasNext(); index++) {
            JsonNode item = items.next();
            String prefix = "events[" + index + "]";
            EventRequestReader.Read read = reader.read(item);
            List<FieldError> errors = new ArrayList<>(read.errors());
            String callUuid = read.isValid() ? read.request().callUuid() : textOrNull(item, "callUuid");
            if (read.isValid() && callUuid == null) {
                errors.add(new FieldError("callUuid", "is required in a batch item"));
            }
            if (errors.isEmpty()) {
                valid.add(new PostedEvent(index, callUuid, read.request()));
            } else {
                List<FieldError> named = errors.stream().map(e -> e.within(prefix)).toList();
                receipts.add(new ItemReceipt(index, callUuid, textOrNull(item, "type"), 400, "invalid",
                        Problems.invalidFields(named)));
            }
        }
        receipts.addAll(ingestion.recordBatch(valid));
        receipts.sort(Comparator.comparingInt(ItemReceipt::index));
        BatchReceipt batch = BatchReceipt.of(receipts);
        if (!receipts.isEmpty() && receipts.stream().allMatch(r -> r.status() == 503)) {
            throw Problems.refusal(receipts.get(0).problem());
        }
        return ResponseEntity.ok(batch);
    }

    /**
     * The documented shape of a batch (the body is read as JSON and checked item by item); its items are the
     * {@code CallEvent} union that {@link IngestionApiDescription} declares.
     */
    @Schema(name = "EventBatch", requiredProperties = "events")
    record BatchRequestSchema(@ArraySchema(minItems = 1, maxItems = Limits.MAX_BATCH_ITEMS, schema = @Schema(
            description = "Each item an event of the ingestion contract with its callUuid"))
                              List<EventRequest> events) {
    }

    private static JsonNode eventsOf(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("(body)", "must be a JSON object {\"events\": [...]}")));
        }
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("events")) {
                errors.add(new FieldError(name, "is not a field of a batch: only 'events'"));
            }
        });
        JsonNode events = body.get("events");
        if (events == null || events.isNull()) {
            errors.add(new FieldError("events", "is required: an array of 1 to " + Limits.MAX_BATCH_ITEMS + " events"));
        } else if (!events.isArray()) {
            errors.add(new FieldError("events", "must be an array of 1 to " + Limits.MAX_BATCH_ITEMS + " events"));
        } else if (events.isEmpty()) {
            errors.add(new FieldError("events", "must hold at least 1 event"));
        } else if (events.size() > Limits.MAX_BATCH_ITEMS) {
            throw new InvalidRequestException(HttpStatus.PAYLOAD_TOO_LARGE,
                    "a batch holds at most " + Limits.MAX_BATCH_ITEMS + " events; this one holds " + events.size(),
                    List.of(new FieldError("events", "holds " + events.size() + " events; the limit is "
                            + Limits.MAX_BATCH_ITEMS)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return events;
    }

    private static String textOrNull(JsonNode item, String field) {
        JsonNode value = item == null ? null : item.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
