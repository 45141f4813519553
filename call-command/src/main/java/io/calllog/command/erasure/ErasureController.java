package io.calllog.command.erasure;

import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.access.ProblemDetails;
import io.calllog.command.ingestion.FieldError;
import io.calllog.events.ClientId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Erasure of personal data (role {@code privacy}, which no other role implies): {@code POST
 * /api/calls/{uuid}/erasure} and {@code POST /api/records/{recordUuid}/erasure} with {@code {"reason": "..."}}
 * answer 202 once the keys are destroyed and the erasures recorded; the read models follow within the projections'
 * lag. Repeating a request is harmless. See docs/privacy.md.
 */
@RestController
@Tag(name = ApiDescriptionConfiguration.PRIVACY)
class ErasureController {

    static final URI INVALID_REQUEST = URI.create("urn:call-log:problem:invalid-request");
    static final URI UNKNOWN_CALL = URI.create("urn:call-log:problem:call-not-found");

    private final PersonalDataErasure erasure;

    ErasureController(PersonalDataErasure erasure) {
        this.erasure = erasure;
    }

    @Operation(operationId = "eraseCall", summary = "Erase a call's personal data",
            description = "Destroys the call's data key and records a `PersonalDataErased` event (who, when, why). "
                    + "Its transcript texts read `[erased]` and its summary and recording URL null everywhere "
                    + "(calls, search, export, feed, history, webhooks) within the projections' lag; its other facts "
                    + "stay. Events posted for it afterwards are refused (410). Asking again is harmless.")
    @ApiResponse(responseCode = "202", description = "Erased (or erased before: `erasedNow` false)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ErasureReceipt.class)))
    @ApiResponse(responseCode = "404", description = "No call with this uuid started")
    @Parameter(name = "uuid", description = "The call", schema = @Schema(pattern = ClientId.REGEX, minLength = 1,
            maxLength = 128))
    @PostMapping(path = "/api/calls/{uuid}/erasure", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ErasureReceipt> eraseCall(@PathVariable String uuid, @RequestBody ErasureRequest request,
                                             Authentication who) {
        String reason = validated("uuid", uuid, request);
        return erasure.eraseCall(uuid, who.getName(), reason)
                .map(receipt -> ResponseEntity.accepted().body(receipt))
                .orElseThrow(() -> refusal(HttpStatus.NOT_FOUND, UNKNOWN_CALL, "Call not found",
                        "no call " + uuid + " started", Map.of("uuid", uuid)));
    }

    @Operation(operationId = "eraseRecord", summary = "Erase the personal data of every call of a record",
            description = "Erases every call filed under the record (the person called), as `eraseCall` does each. "
                    + "A record without calls answers 202 with no calls. Calls of the record that start later get "
                    + "a new key and are not erased. Asking again is harmless.")
    @ApiResponse(responseCode = "202", description = "Every call of the record erased",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ErasureReceipt.class)))
    @Parameter(name = "recordUuid", description = "The record (the person called)",
            schema = @Schema(pattern = ClientId.REGEX, minLength = 1, maxLength = 128))
    @PostMapping(path = "/api/records/{recordUuid}/erasure", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ErasureReceipt> eraseRecord(@PathVariable String recordUuid, @RequestBody ErasureRequest request,
                                               Authentication who) {
        String reason = validated("recordUuid", recordUuid, request);
        return ResponseEntity.accepted().body(erasure.eraseRecord(recordUuid, who.getName(), reason));
    }

    private static String validated(String idName, String id, ErasureRequest request) {
        if (!ClientId.isValid(id)) {
            throw invalid(idName, ClientId.RULE);
        }
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank()) {
            throw invalid("reason", "is required: why the data is erased (a ticket, the legal basis)");
        }
        if (reason.length() > ErasureRequest.MAX_REASON) {
            throw invalid("reason", "must be at most " + ErasureRequest.MAX_REASON + " characters");
        }
        return reason.strip();
    }

    private static ErrorResponseException invalid(String field, String reason) {
        return refusal(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request", field + " " + reason,
                Map.of("errors", List.of(new FieldError(field, reason))));
    }

    private static ErrorResponseException refusal(HttpStatus status, URI type, String title, String detail,
                                                  Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetails.of(status, type, title, detail);
        properties.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }
}
