package io.calllog.query.call;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.access.ApiDescriptionConfiguration;
import io.calllog.events.ClientId;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import io.calllog.query.problem.NotFoundException;
import io.calllog.query.problem.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.hibernate.validator.constraints.Range;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The Calls API, as docs/calls-api.md defines it: {@code GET /api/calls} (filters, pagination, newest first) and
 * {@code GET /api/calls/{uuid}}. Parameters are declared with their constraints and checked by Spring's method
 * validation; undeclared, repeated and empty ones are refused by {@code KnownQueryParameters}.
 */
@RestController
@Tag(name = ApiDescriptionConfiguration.CALLS)
class CallsController {

    static final URI CALL_NOT_FOUND = URI.create("urn:call-log:problem:call-not-found");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final QueryGateway queries;
    private final CallExport export;
    private final ObjectMapper json;

    CallsController(QueryGateway queries, CallExport export, ObjectMapper json) {
        this.queries = queries;
        this.export = export;
        this.json = json;
    }

    @Operation(operationId = "listCalls", summary = "List calls, newest first",
            description = "Newest first (`createdAt` descending), ties broken by `uuid`. A page past the end is an "
                    + "empty `calls` with the right `total`. Every answer carries `next`: pass it back as `after` "
                    + "(same filters and limit) for the calls that follow, stable while calls arrive (none twice, "
                    + "none skipped); `null` on the last page. An unknown parameter, a repeated or empty one, or a "
                    + "bad value is a 400 problem naming it, never ignored.")
    @ApiResponse(responseCode = "200", description = "One page of calls", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CallPage.class)))
    @GetMapping(path = "/api/calls", produces = MediaType.APPLICATION_JSON_VALUE)
    Object listCalls(
            @Parameter(description = "Only this campaign's calls",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String campaignUuid,
            @Parameter(description = "Only calls with this status", schema = @Schema(type = "string"))
            @RequestParam(required = false) @CallStatusName String status,
            @Parameter(description = "Only this record's calls",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String recordUuid,
            @Parameter(description = "Calls started at or after", schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @Parameter(description = "Calls started before; must be after `from`",
                    schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @Parameter(description = "Only calls in this direction", schema = @Schema(type = "string",
                    allowableValues = {"inbound", "outbound"}))
            @RequestParam(required = false) @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound")
            String direction,
            @Parameter(description = "Only calls that ended for this reason", schema = @Schema(type = "string",
                    allowableValues = {"caller-hung-up", "agent-hung-up", "no-answer", "busy", "error", "unknown"}))
            @RequestParam(required = false) String endReason,
            @Parameter(description = "Only ended calls that lasted at least this many seconds",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(required = false) @Range(min = 0, max = Long.MAX_VALUE) Long minDuration,
            @Parameter(description = "Only ended calls that lasted at most this many seconds",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(required = false) @Range(min = 0, max = Long.MAX_VALUE) Long maxDuration,
            @Parameter(description = "Only ended calls that cost at least this much",
                    schema = @Schema(type = "number", minimum = "0"))
            @RequestParam(required = false) @DecimalMin("0") BigDecimal minCost,
            @Parameter(description = "Only ended calls that cost at most this much",
                    schema = @Schema(type = "number", minimum = "0"))
            @RequestParam(required = false) @DecimalMin("0") BigDecimal maxCost,
            @Parameter(description = "From 1", schema = @Schema(type = "integer", format = "int32", minimum = "1",
                    maximum = "" + Paging.MAX_PAGE, defaultValue = "1"))
            @RequestParam(defaultValue = "1") @Range(min = 1, max = Paging.MAX_PAGE) int page,
            @Parameter(description = "Calls per page", schema = @Schema(type = "integer", format = "int32",
                    minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) @Range(min = 1, max = MAX_LIMIT) int limit,
            @Parameter(description = "A `next` this list handed out, with the same filters: the calls after it "
                    + "(instead of `page`)", schema = @Schema(type = "string"))
            @RequestParam(required = false) String after,
            @Parameter(description = "Transcript search: calls whose transcript lines or summary hold every word, "
                    + "case- and accent-insensitive; `\"a phrase\"` in double quotes must stand within one line or "
                    + "the summary. Each call found carries `matches`. Combines with every filter.",
                    schema = @Schema(type = "string", maxLength = SearchQuery.MAX_LENGTH))
            @RequestParam(required = false) @Size(max = SearchQuery.MAX_LENGTH) String q,
            @Parameter(description = "Only these fields of each call, comma-separated (for example "
                    + "`uuid,status,createdAt`), in the call's order; `matches` too when searched. Without it, the "
                    + "whole call. An unknown field is a 400 problem.", schema = @Schema(type = "string"))
            @RequestParam(required = false) String fields) {
        CallFilter filter = CallFilter.checked(campaignUuid, status, recordUuid, from, to, direction, endReason, minDuration,
                maxDuration, minCost, maxCost, q);
        List<String> only = fields == null ? null : CallFields.parse(fields);
        CallCursor cursor = after == null ? null : cursor(after, filter);
        if (cursor != null && page != 1) {
            throw new InvalidQueryException(List.of(new FieldError("page", "cannot be combined with after")));
        }
        CallPage found = queries.query(new FindCalls(filter, page, limit, cursor),
                ResponseTypes.instanceOf(CallPage.class)).join();
        return only == null ? found : CallFields.only(found, only, json);
    }

    @Operation(operationId = "exportCalls", summary = "Export calls as NDJSON or CSV, streamed",
            description = "Every call the filters (and `q`) select, in the list's order, streamed as it is read, in "
                    + "constant memory: `ndjson` (one call per line as `GET /api/calls/{uuid}` shows it) or `csv` "
                    + "(RFC 4180, a header row, one row per call, the transcript as one cell of `role: text` lines; a "
                    + "cell that would start with `=`, `+`, `-`, `@`, tab or CR starts with `'`). An attachment; "
                    + "gzip when the client accepts it. A call whose uuid is `export` is read with `GET /api/calls` "
                    + "and `recordUuid`/`q`, not by this path.")
    @ApiResponse(responseCode = "200", description = "The calls", content = {
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary"))})
    @GetMapping(path = "/api/calls/export")
    void exportCalls(
            @Parameter(description = "`ndjson` (default) or `csv`", schema = @Schema(type = "string",
                    allowableValues = {"ndjson", "csv"}, defaultValue = "ndjson"))
            @RequestParam(defaultValue = "ndjson") @Pattern(regexp = "ndjson|csv", message = "must be ndjson or csv")
            String format,
            @Parameter(description = "Only this campaign's calls",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String campaignUuid,
            @Parameter(description = "Only calls with this status", schema = @Schema(type = "string"))
            @RequestParam(required = false) @CallStatusName String status,
            @Parameter(description = "Only this record's calls",
                    schema = @Schema(type = "string", pattern = ClientId.REGEX))
            @RequestParam(required = false) @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE)
            String recordUuid,
            @Parameter(description = "Calls started at or after", schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @Parameter(description = "Calls started before; must be after `from`",
                    schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @Parameter(description = "Only calls in this direction", schema = @Schema(type = "string",
                    allowableValues = {"inbound", "outbound"}))
            @RequestParam(required = false) @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound")
            String direction,
            @Parameter(description = "Only calls that ended for this reason", schema = @Schema(type = "string",
                    allowableValues = {"caller-hung-up", "agent-hung-up", "no-answer", "busy", "error", "unknown"}))
            @RequestParam(required = false) String endReason,
            @Parameter(description = "Only ended calls that lasted at least this many seconds",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(required = false) @Range(min = 0, max = Long.MAX_VALUE) Long minDuration,
            @Parameter(description = "Only ended calls that lasted at most this many seconds",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(required = false) @Range(min = 0, max = Long.MAX_VALUE) Long maxDuration,
            @Parameter(description = "Only ended calls that cost at least this much",
                    schema = @Schema(type = "number", minimum = "0"))
            @RequestParam(required = false) @DecimalMin("0") BigDecimal minCost,
            @Parameter(description = "Only ended calls that cost at most this much",
                    schema = @Schema(type = "number", minimum = "0"))
            @RequestParam(required = false) @DecimalMin("0") BigDecimal maxCost,
            @Parameter(description = "Transcript search: calls whose transcript lines or summary hold every word, "
                    + "case- and accent-insensitive; `\"a phrase\"` in double quotes must stand within one line or "
                    + "the summary. Each call carries `matches` (NDJSON). Combines with every filter.",
                    schema = @Schema(type = "string", maxLength = SearchQuery.MAX_LENGTH))
            @RequestParam(required = false) @Size(max = SearchQuery.MAX_LENGTH) String q,
            HttpServletResponse response) throws IOException {
        CallFilter filter = CallFilter.checked(campaignUuid, status, recordUuid, from, to, direction, endReason, minDuration,
                maxDuration, minCost, maxCost, q);
        export.download(filter, format, response);
    }

    private static CallCursor cursor(String after, CallFilter filter) {
        CallCursor cursor;
        try {
            cursor = CallCursor.decode(after);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(List.of(new FieldError("after",
                    "must be a cursor this list handed out (its next)")));
        }
        if (!cursor.isFor(filter)) {
            throw new InvalidQueryException(List.of(new FieldError("after",
                    "was handed out for other filters: pass the same filters as the page it came from")));
        }
        return cursor;
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
    CallView getCall(@PathVariable @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String uuid) {
        return queries.query(new FindCall(uuid), ResponseTypes.optionalInstanceOf(CallView.class)).join()
                .orElseThrow(() -> new NotFoundException(CALL_NOT_FOUND, "Call not found", "no call with uuid " + uuid,
                        "uuid", uuid));
    }
}
