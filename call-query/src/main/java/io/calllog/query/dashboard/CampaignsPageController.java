package io.calllog.query.dashboard;

import io.calllog.events.ClientId;
import io.calllog.query.call.CallView;
import io.calllog.query.problem.NotFoundException;
import io.calllog.query.problem.Paging;
import io.calllog.query.report.CampaignDayView;
import io.calllog.query.report.CampaignStatsPage;
import io.calllog.query.report.CampaignStatsView;
import io.calllog.query.report.FindCampaignDays;
import io.calllog.query.report.FindCampaignStats;
import io.calllog.query.report.ListCampaignStats;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;
import java.util.List;

/** The campaign reports: every campaign's totals, and one campaign's with its calls and cost per day as charts. */
@Controller
@Hidden // a page for browsers, not an API operation: docs/dashboard.md
class CampaignsPageController {

    static final URI CAMPAIGN_NOT_FOUND = URI.create("urn:call-log:problem:campaign-not-found");
    static final int PER_PAGE = 25;

    private final QueryGateway queries;

    CampaignsPageController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/campaigns")
    String campaigns(@RequestParam(defaultValue = "1") @Min(1) @Max(Paging.MAX_PAGE) int page, Model model) {
        CampaignStatsPage found = queries.query(new ListCampaignStats(page, PER_PAGE),
                ResponseTypes.instanceOf(CampaignStatsPage.class)).join();
        model.addAttribute("found", found);
        model.addAttribute("lastPage", Math.max(1, (found.total() + PER_PAGE - 1) / PER_PAGE));
        return "dashboard/campaigns";
    }

    @GetMapping("/campaigns/{campaignUuid}")
    String campaign(@PathVariable @Pattern(regexp = ClientId.REGEX) String campaignUuid, Model model) {
        CampaignStatsView report = queries.query(new FindCampaignStats(campaignUuid),
                        ResponseTypes.optionalInstanceOf(CampaignStatsView.class)).join()
                .orElseThrow(() -> new NotFoundException(CAMPAIGN_NOT_FOUND, "Campaign not found",
                        "No call of campaign " + campaignUuid + " has been recorded.", "campaignUuid", campaignUuid));
        List<CampaignDayView> days = queries.query(new FindCampaignDays(campaignUuid),
                ResponseTypes.multipleInstancesOf(CampaignDayView.class)).join();
        model.addAttribute("report", report);
        model.addAttribute("days", days);
        model.addAttribute("statuses", CallView.STATUSES);
        model.addAttribute("callsChart", DailyChart.callsPerStatus(days, CallView.STATUSES));
        model.addAttribute("costChart", DailyChart.cost(days));
        return "dashboard/campaign";
    }
}
