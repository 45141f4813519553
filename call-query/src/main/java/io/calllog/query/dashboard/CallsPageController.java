package io.calllog.query.dashboard;

import io.calllog.events.ClientId;
import io.calllog.events.EndReason;
import io.calllog.query.call.CallExport;
import io.calllog.query.call.CallFilter;
import io.calllog.query.call.CallPage;
import io.calllog.query.call.CallView;
import io.calllog.query.call.FindCalls;
import io.calllog.query.feed.CallStories;
import io.calllog.query.feed.CallStory;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import io.calllog.query.problem.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The calls page: the Calls API's list with every filter and the search box, all in the URL; running calls marked live
 * and kept up to date through {@link LiveStreamsController}; the export of the current filter. Also one call's page,
 * read from the event store ({@link CallStories}) so that what it shows never trails what it is told.
 */
@Controller
@Hidden // a page for browsers, not an API operation: docs/dashboard.md
class CallsPageController {

    static final URI CALL_NOT_FOUND = URI.create("urn:call-log:problem:call-not-found");

    private final QueryGateway queries;
    private final CallStories stories;
    private final CallExport export;

    CallsPageController(QueryGateway queries, CallStories stories, CallExport export) {
        this.queries = queries;
        this.stories = stories;
        this.export = export;
    }

    /** A form's empty fields are absent filters, as a blank search box is no search. */
    @InitBinder("form")
    void blanksAreAbsent(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping("/calls")
    String calls(@Valid @ModelAttribute("form") CallsForm form, BindingResult binding,
                 @RequestParam Map<String, String> typed, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        binding.getFieldErrors().forEach(error -> errors.putIfAbsent(error.getField(),
                error.isBindingFailure() ? "must be a number" : error.getDefaultMessage()));
        CallPage found = null;
        if (errors.isEmpty()) {
            try {
                CallFilter filter = form.filter();
                found = queries.query(new FindCalls(filter, form.pageOrFirst(), form.limitOrDefault()),
                        ResponseTypes.instanceOf(CallPage.class)).join();
            } catch (InvalidQueryException e) {
                e.errors().forEach(error -> errors.putIfAbsent(error.field(), error.reason()));
            }
        }
        // a field that is not even a number leaves no form to bind to: the fields show what was typed (typed)
        model.addAttribute("form", form != null ? form : CallsForm.NONE);
        model.addAttribute("typed", typed); // what the fields show: as typed, also when it is not valid
        model.addAttribute("errors", errors);
        model.addAttribute("found", found);
        model.addAttribute("statuses", CallView.STATUSES);
        model.addAttribute("endReasons", Arrays.stream(EndReason.values()).map(EndReason::toString).toList());
        model.addAttribute("limits", CallsForm.LIMITS);
        if (found != null) {
            long lastPage = Math.max(1, (found.total() + found.limit() - 1) / found.limit());
            model.addAttribute("lastPage", lastPage);
            List<String> running = found.calls().stream().filter(call -> "in-progress".equals(call.status()))
                    .map(CallView::uuid).toList();
            model.addAttribute("liveStream", running.isEmpty() ? null : "/streams/calls?" + running.stream()
                    .map(uuid -> "call=" + URLEncoder.encode(uuid, StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")));
        }
        return "dashboard/calls";
    }

    /** One row of the calls table, as the call is now in the event store: what a live row is replaced with. */
    @GetMapping("/parts/calls/{uuid}/row")
    String row(@PathVariable @Pattern(regexp = ClientId.REGEX) String uuid, Model model) {
        model.addAttribute("call", story(uuid).call());
        return "dashboard/fragments :: row";
    }

    @GetMapping("/downloads/calls")
    void download(@Valid @ModelAttribute("form") CallsForm form, BindingResult binding,
                  @RequestParam(defaultValue = "csv") @Pattern(regexp = "csv|ndjson") String format,
                  HttpServletResponse response) throws IOException {
        if (binding.hasErrors()) {
            throw new InvalidQueryException(binding.getFieldErrors().stream()
                    .map(error -> new FieldError(error.getField(), "is not valid")).toList());
        }
        export.download(form.filter(), format, response);
    }

    @GetMapping("/calls/{uuid}")
    String call(@PathVariable @Pattern(regexp = ClientId.REGEX) String uuid, Model model) {
        CallStory story = story(uuid);
        model.addAttribute("story", story);
        model.addAttribute("call", story.call());
        model.addAttribute("liveStream", "/streams/calls/" + uuid + "?after="
                + URLEncoder.encode(story.position(), StandardCharsets.UTF_8));
        return "dashboard/call";
    }

    /** What changes while a call runs: status, figures, summary, recording, conversation and timeline. */
    @GetMapping("/parts/calls/{uuid}/live")
    String live(@PathVariable @Pattern(regexp = ClientId.REGEX) String uuid, Model model) {
        CallStory story = story(uuid);
        model.addAttribute("story", story);
        model.addAttribute("call", story.call());
        return "dashboard/call :: live";
    }

    private CallStory story(String uuid) {
        return stories.of(uuid).orElseThrow(() -> new NotFoundException(CALL_NOT_FOUND, "Call not found",
                "No call with uuid " + uuid + " has been recorded.", "uuid", uuid));
    }
}
