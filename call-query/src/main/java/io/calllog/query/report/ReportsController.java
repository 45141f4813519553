package io.calllog.query.report;

import io.calllog.events.ClientId;
import io.calllog.query.problem.NotFoundException;
import io.calllog.query.problem.Paging;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Reports built by replaying history: per-campaign statistics ({@link CampaignStatsProjection}). */
@RestController
@Tag(name = ApiDescriptionConfiguration.REPORTS)
class ReportsController {

    static final URI CAMPAIGN_NOT_FOUND = URI.create("urn:call-log:problem:campaign-not-found");
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;

    private final QueryGateway queries;

    ReportsController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(operationId = "listCampaignReports", summary = "Campaign reports, in campaign uuid order",
            description = "Per campaign: calls per status, total and average duration, total cost, calls per UTC day "
                    + "and transcript lines per speaker role.")
    @ApiResponse(responseCode = "200", description = "One page of campaign reports", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CampaignStatsPage.class)))
    @GetMapping(path = "/api/reports/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
    CampaignStatsPage listCampaigns(
            @Parameter(description = "From 1", schema = @Schema(type = "integer", format = "int32", minimum = "1",
                    maximum = "" + Paging.MAX_PAGE, defaultValue = "1"))
            @RequestParam(defaultValue = "1") @Range(min = 1, max = Paging.MAX_PAGE) int page,
            @Parameter(description = "Campaigns per page", schema = @Schema(type = "integer", format = "int32",
                    minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) @Range(min = 1, max = MAX_LIMIT) int limit) {
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
    CampaignStatsView getCampaign(
            @PathVariable @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String campaignUuid) {
        return queries.query(new FindCampaignStats(campaignUuid),
                        ResponseTypes.optionalInstanceOf(CampaignStatsView.class)).join()
                .orElseThrow(() -> new NotFoundException(CAMPAIGN_NOT_FOUND, "Campaign not found",
                        "no calls of campaign " + campaignUuid, "campaignUuid", campaignUuid));
    }
}
