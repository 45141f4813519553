package io.calllog.query.dashboard;

import io.calllog.query.projection.DeadLetterRetry;
import io.calllog.query.projection.DeadLetters;
import io.calllog.query.projection.DeadLettersView;
import io.calllog.query.projection.ProjectionAdministration;
import io.calllog.query.projection.ProjectionStatus;
import io.calllog.query.projection.ReplayCoordinator;
import io.calllog.query.problem.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projection administration for {@code admin} keys: each projection's state and lag, a replay with a progress bar
 * that follows it, and the dead letters with a retry. The same operations as {@code /api/admin/projections}.
 */
@Controller
@Hidden // a page for browsers, not an API operation: docs/dashboard.md
class ProjectionsPageController {

    private final ProjectionAdministration administration;
    private final ReplayCoordinator replays;
    private final DeadLetters deadLetters;

    ProjectionsPageController(ProjectionAdministration administration, ReplayCoordinator replays,
                              DeadLetters deadLetters) {
        this.administration = administration;
        this.replays = replays;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/projections")
    String projections(Model model) {
        List<ProjectionStatus> projections = administration.all();
        Map<String, DeadLettersView> letters = new LinkedHashMap<>();
        projections.forEach(projection -> letters.put(projection.name(), deadLetters.of(projection.name())
                .orElseGet(() -> new DeadLettersView(projection.name(), 0, 0, List.of()))));
        model.addAttribute("projections", projections);
        model.addAttribute("deadLetters", letters);
        return "dashboard/projections";
    }

    /** Starts a replay; htmx swaps in its progress bar, a plain form post comes back to the page. */
    @PostMapping("/projections/{name}/replay")
    String replay(@PathVariable String name, HttpServletRequest request, Model model,
                  RedirectAttributes redirect) {
        administration.require(name);
        String refusal = null;
        try {
            replays.replay(name);
        } catch (ErrorResponseException e) {
            refusal = e.getBody().getDetail(); // one is already running: its bar goes on
        }
        if (DashboardSecurity.isHtmx(request)) {
            return replayPart(name, refusal, model);
        }
        redirect.addFlashAttribute("notice", refusal == null ? "Replay of " + name + " started." : refusal);
        return "redirect:/projections";
    }

    /** The progress of a projection's replay: htmx asks again every half second until it is done or failed. */
    @GetMapping("/parts/projections/{name}/replay")
    String replayProgress(@PathVariable String name, Model model) {
        administration.require(name);
        return replayPart(name, null, model);
    }

    @PostMapping("/projections/{name}/dead-letters/retry")
    String retry(@PathVariable String name, RedirectAttributes redirect) {
        administration.require(name);
        DeadLetterRetry retried = deadLetters.retry(name).orElseGet(() -> new DeadLetterRetry(name, 0, 0, 0));
        redirect.addFlashAttribute("notice", "Retried the dead letters of " + name + ": " + retried.succeeded()
                + " calls handled, " + retried.failed() + " failed again, " + retried.remainingLetters()
                + " letters left.");
        return "redirect:/projections";
    }

    private String replayPart(String name, String refusal, Model model) {
        model.addAttribute("name", name);
        model.addAttribute("replay", administration.replayOf(name).orElse(null));
        model.addAttribute("refusal", refusal);
        return "dashboard/fragments :: replay";
    }
}
