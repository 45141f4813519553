package io.calllog.query.call;

import io.calllog.query.problem.NotFoundException;
import io.calllog.query.problem.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
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
 * The Calls API, as {@code ../shared/seed/calls-api-reference.txt} defines it: {@code GET /api/calls} (filters,
 * pagination, newest first) and {@code GET /api/calls/{uuid}}.
 */
@RestController
class CallsController {

    static final URI CALL_NOT_FOUND = URI.create("urn:call-log:problem:call-not-found");

    private final QueryGateway queries;

    CallsController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(summary = "List calls, newest first",
            description = "Filters: campaignUuid, status (in-progress, completed, failed, busy, no-answer), recordUuid, "
                    + "from (inclusive) and to (exclusive) on createdAt; page (from 1, default 1), limit (1-100, "
                    + "default 10). An unknown parameter or a bad value is a 400 problem.",
            parameters = {
                    @Parameter(name = "campaignUuid", in = ParameterIn.QUERY),
                    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(allowableValues = {
                            "in-progress", "completed", "failed", "busy", "no-answer"})),
                    @Parameter(name = "recordUuid", in = ParameterIn.QUERY),
                    @Parameter(name = "from", in = ParameterIn.QUERY, schema = @Schema(format = "date-time")),
                    @Parameter(name = "to", in = ParameterIn.QUERY, schema = @Schema(format = "date-time")),
                    @Parameter(name = "page", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "1")),
                    @Parameter(name = "limit", in = ParameterIn.QUERY,
                            schema = @Schema(type = "integer", minimum = "1", maximum = "100"))})
    @GetMapping(path = "/api/calls", produces = MediaType.APPLICATION_JSON_VALUE)
    CallPage listCalls(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return queries.query(CallListParameters.read(parameters), ResponseTypes.instanceOf(CallPage.class)).join();
    }

    @Operation(summary = "One call, with its transcript", description = "An unknown uuid is a 404 problem; a uuid that is not 1-128 characters of "
            + "A-Z a-z 0-9 _ . : - is a 400 problem.")
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
