package io.calllog.query.report;

import io.calllog.events.ClientId;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
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
import java.util.ArrayList;
import java.util.List;

/** Reports built by replaying history: per-campaign statistics ({@link CampaignStatsProjection}). */
@RestController
@Tag(name = ApiDescriptionConfiguration.REPORTS)
class ReportsController {

    static final URI CAMPAIGN_NOT_FOUND = URI.create("urn:call-log:problem:campaign-not-found");
    private static final List<String> PAGING = List.of("page", "limit");
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;

    private final QueryGateway queries;

    ReportsController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(operationId = "listCampaignReports", summary = "Campaign reports, in campaign uuid order",
            description = "Per campaign: calls per status, total and average duration, total cost, calls per UTC day "
                    + "and transcript lines per speaker role.",
            parameters = {
                    @Parameter(name = "page", in = ParameterIn.QUERY, description = "From 1",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                    maximum = "" + QueryParameters.MAX_PAGE, defaultValue = "1")),
                    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Campaigns per page",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                    maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))})
    @ApiResponse(responseCode = "200", description = "One page of campaign reports", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CampaignStatsPage.class)))
    @GetMapping(path = "/api/reports/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
    CampaignStatsPage listCampaigns(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        QueryParameters.requireKnownAndSingle(parameters, PAGING);
        List<FieldError> errors = new ArrayList<>();
        int page = QueryParameters.whole(parameters.getFirst("page"), "page", 1, 1, QueryParameters.MAX_PAGE, errors);
        int limit = QueryParameters.whole(parameters.getFirst("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return queries.query(new ListCampaignStats(page, limit), ResponseTypes.instanceOf(CampaignStatsPage.class))
                .join();
    }

    @Operation(operationId = "getCampaignReport", summary = "One campaign's report",
            description = "A campaign with no calls is a 404 problem. It takes no query parameters.")
    @Parameter(name = "campaignUuid", in = ParameterIn.PATH, description = "The campaign's id",
            schema = @Schema(type = "string", pattern = ClientId.REGEX))
    @ApiResponse(responseCode = "200", description = "The campaign's report", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CampaignStatsView.class)))
    @ApiResponse(responseCode = "404", description = "No calls of this campaign")
    @GetMapping(path = "/api/reports/campaigns/{campaignUuid}", produces = MediaType.APPLICATION_JSON_VALUE)
    CampaignStatsView getCampaign(@PathVariable String campaignUuid,
                                  @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        QueryParameters.requireKnownAndSingle(parameters, List.of());
        QueryParameters.requireId(campaignUuid, "campaignUuid");
        return queries.query(new FindCampaignStats(campaignUuid),
                        ResponseTypes.optionalInstanceOf(CampaignStatsView.class)).join()
                .orElseThrow(() -> new NotFoundException(CAMPAIGN_NOT_FOUND, "Campaign not found",
                        "no calls of campaign " + campaignUuid, "campaignUuid", campaignUuid));
    }
}
