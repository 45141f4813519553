package io.calllog.query.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidBodyException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hibernate.validator.constraints.Range;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * The webhooks' admin API (role {@code admin}): endpoints, their secrets, their ledger of deliveries, retries and
 * replays. Contract: docs/webhooks.md.
 */
@RestController
@Tag(name = ApiDescriptionConfiguration.WEBHOOKS)
class WebhookAdminController {

    private static final String BASE = "/api/admin/webhooks";

    private final WebhookAdministration administration;
    private final ObjectMapper json;

    WebhookAdminController(WebhookAdministration administration, ObjectMapper json) {
        this.administration = administration;
        this.json = json;
    }

    @Operation(operationId = "createWebhook", summary = "Add an endpoint",
            description = "Answers 201 with the endpoint and its signing secret, shown this once. It receives the "
                    + "events stored from now on (or from `after`).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = WebhookRequests.Create.class)))
    @ApiResponse(responseCode = "201", description = "The endpoint, with its secret",
            headers = @Header(name = "Location", description = "The endpoint", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = WebhookEndpointView.class)))
    @PostMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WebhookEndpointView> create(@RequestBody(required = false) String body) {
        WebhookEndpointView created = administration.create(parse(body));
        return ResponseEntity.created(URI.create(BASE + "/" + created.id())).body(created);
    }

    @Operation(operationId = "listWebhooks", summary = "Every endpoint", description = "Oldest first; no secrets.")
    @ApiResponse(responseCode = "200", description = "Every endpoint", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookEndpointList.class)))
    @GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookEndpointList list() {
        return administration.list();
    }

    @Operation(operationId = "getWebhook", summary = "One endpoint", description = "No secret.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The endpoint", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookEndpointView.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @GetMapping(path = BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookEndpointView get(@PathVariable String id) {
        return administration.get(id);
    }

    @Operation(operationId = "updateWebhook", summary = "Change an endpoint",
            description = "Only the fields given change. `enabled: true` after the service disabled it (410) "
                    + "resumes delivery where it stopped.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = WebhookRequests.Update.class)))
    @ApiResponse(responseCode = "200", description = "The endpoint as it is now", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookEndpointView.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @PatchMapping(path = BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookEndpointView update(@PathVariable String id, @RequestBody(required = false) String body) {
        return administration.update(id, parse(body));
    }

    @Operation(operationId = "rotateWebhookSecret", summary = "Give an endpoint a new signing secret",
            description = "Answers the new secret, shown this once. The one before keeps signing beside it for 24 h "
                    + "(`calllog.webhooks.rotation-overlap`): `webhook-signature` then carries a `v1,` entry for each.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The endpoint, with its new secret", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookEndpointView.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @PostMapping(path = BASE + "/{id}/secret", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookEndpointView rotate(@PathVariable String id) {
        return administration.rotate(id);
    }

    @Operation(operationId = "deleteWebhook", summary = "Remove an endpoint",
            description = "With its ledger and the messages still pending for it.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @DeleteMapping(path = BASE + "/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        administration.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "An endpoint's ledger",
            description = "Its messages, newest event first, each with every attempt (time, status code, latency, "
                    + "error); `next` continues with older ones.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "A page of the ledger", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DeliveryPage.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @GetMapping(path = BASE + "/{id}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    DeliveryPage deliveries(@PathVariable String id,
                            @Parameter(description = "Only deliveries with this status",
                                    schema = @Schema(allowableValues = {"pending", "delivered", "failed"}))
                            @RequestParam(required = false) String status,
                            @Parameter(description = "The `next` of the page before")
                            @RequestParam(required = false) String after,
                            @Parameter(description = "Deliveries per page, 1-100")
                            @RequestParam(defaultValue = "50") @Range(min = 1, max = 100) int limit) {
        return administration.deliveries(id, status, after, limit);
    }

    @Operation(operationId = "getWebhookDelivery", summary = "One delivery, with every attempt")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @Parameter(name = "deliveryId", in = ParameterIn.PATH, description = "The message's `webhook-id`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The delivery", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookDelivery.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint or delivery")
    @GetMapping(path = BASE + "/{id}/deliveries/{deliveryId}", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookDelivery delivery(@PathVariable String id, @PathVariable String deliveryId) {
        return administration.delivery(id, deliveryId);
    }

    @Operation(operationId = "retryWebhookDelivery", summary = "Send a delivery again",
            description = "Whatever its status: it becomes pending and is sent with the same `webhook-id`, after any "
                    + "earlier message of its call still pending.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @Parameter(name = "deliveryId", in = ParameterIn.PATH, description = "The message's `webhook-id`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = WebhookDelivery.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint or delivery")
    @PostMapping(path = BASE + "/{id}/deliveries/{deliveryId}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WebhookDelivery> retry(@PathVariable String id, @PathVariable String deliveryId) {
        return ResponseEntity.accepted().body(administration.retry(id, deliveryId));
    }

    @Operation(operationId = "replayWebhook", summary = "Send a range of the feed to an endpoint again",
            description = "The messages of the events after `after` (a change feed cursor), or stored from `from` to "
                    + "`to`, that the endpoint wants: each with its usual `webhook-id`, in order per call. At most "
                    + "100,000 at a time: `next` says where to go on from.")
    @Parameter(name = "id", in = ParameterIn.PATH, description = "The endpoint's id", schema = @Schema(type = "string"))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = WebhookRequests.Replay.class)))
    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ReplayReceipt.class)))
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @PostMapping(path = BASE + "/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReplayReceipt> replay(@PathVariable String id, @RequestBody(required = false) String body) {
        return ResponseEntity.accepted().body(administration.replay(id, parse(body)));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidBodyException(List.of(new FieldError("body", "is required: a JSON object")));
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidBodyException(List.of(new FieldError("body", "is not valid JSON")));
        }
    }
}
