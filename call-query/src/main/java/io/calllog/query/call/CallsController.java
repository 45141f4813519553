package io.calllog.query.call;

import io.calllog.events.ClientId;
import io.calllog.query.problem.NotFoundException;
import io.calllog.query.problem.QueryParameters;
import io.calllog.access.ApiDescriptionConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;


/**
 * The Calls API, as docs/calls-api.md defines it: {@code GET /api/calls} (filters, pagination, newest first) and
 * {@code GET /api/calls/{uuid}}.
 */
@RestController
@Tag(name = ApiDescriptionConfiguration.CALLS)
class CallsController {

    static final URI CALL_NOT_FOUND = URI.create("urn:call-log:problem:call-not-found");

    private final QueryGateway queries;

    CallsController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(operationId = "listCalls", summary = "List calls, newest first",
            description = "Newest first (`createdAt` descending), ties broken by `uuid`. A page past the end is an "
                    + "empty `calls` with the right `total`. An unknown parameter, a repeated or empty one, or a bad "
                    + "value is a 400 problem naming it, never ignored.",
            parameters = {
                    @Parameter(name = "campaignUuid", in = ParameterIn.QUERY, description = "Only this campaign's calls",
                            schema = @Schema(type = "string", pattern = ClientId.REGEX)),
                    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only calls with this status",
                            schema = @Schema(type = "string")),
                    @Parameter(name = "recordUuid", in = ParameterIn.QUERY, description = "Only this record's calls",
                            schema = @Schema(type = "string", pattern = ClientId.REGEX)),
                    @Parameter(name = "from", in = ParameterIn.QUERY, description = "Calls started at or after",
                            schema = @Schema(type = "string", format = "date-time")),
                    @Parameter(name = "to", in = ParameterIn.QUERY,
                            description = "Calls started before; must be after `from`",
                            schema = @Schema(type = "string", format = "date-time")),
                    @Parameter(name = "page", in = ParameterIn.QUERY, description = "From 1",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                    maximum = "" + QueryParameters.MAX_PAGE, defaultValue = "1")),
                    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Calls per page",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                    maximum = "" + CallListParameters.MAX_LIMIT,
                                    defaultValue = "" + CallListParameters.DEFAULT_LIMIT))})
    @ApiResponse(responseCode = "200", description = "One page of calls", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CallPage.class)))
    @GetMapping(path = "/api/calls", produces = MediaType.APPLICATION_JSON_VALUE)
    CallPage listCalls(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return queries.query(CallListParameters.read(parameters), ResponseTypes.instanceOf(CallPage.class)).join();
    }

    @Operation(operationId = "getCall", summary = "One call, with its transcript",
            description = "An unknown uuid is a 404 problem; a uuid that is not 1-128 characters of "
                    + "A-Z a-z 0-9 _ . : - is a 400 problem. It takes no query parameters.")
    @Parameter(name = "uuid", in = ParameterIn.PATH, description = "The call's id",
            schema = @Schema(type = "string", pattern = ClientId.REGEX))
    @ApiResponse(responseCode = "200", description = "The call", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CallView.class)))
    @ApiResponse(responseCode = "404", description = "No call with this uuid")
    @GetMapping(path = "/api/calls/{uuid}", produces = MediaType.APPLICATION_JSON_VALUE)
    CallView getCall(@PathVariable String uuid,
                     @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        QueryParameters.requireKnownAndSingle(parameters, List.of());
        QueryParameters.requireId(uuid, "uuid");
        return queries.query(new FindCall(uuid), ResponseTypes.optionalInstanceOf(CallView.class)).join()
                .orElseThrow(() -> new NotFoundException(CALL_NOT_FOUND, "Call not found", "no call with uuid " + uuid,
                        "uuid", uuid));
    }
}
