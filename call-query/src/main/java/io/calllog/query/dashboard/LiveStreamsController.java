package io.calllog.query.dashboard;

import io.calllog.events.ClientId;
import io.calllog.query.feed.ChangeSignals;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What keeps the pages live: Server-Sent Events that only say which call changed ({@link ChangeSignals}); htmx then
 * asks for the part of the page that shows it. A browser that reconnects sends the last event's id and is told of
 * what it missed.
 */
@Controller
@Hidden // a page for browsers, not an API operation: docs/dashboard.md
class LiveStreamsController {

    private final ChangeSignals signals;

    LiveStreamsController(ChangeSignals signals) {
        this.signals = signals;
    }

    /** The running calls of a calls page (at most a page's worth). */
    @GetMapping(path = "/streams/calls", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter calls(@RequestParam @Size(min = 1, max = 100) List<@Pattern(regexp = ClientId.REGEX) String> call,
                     @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Set<String> calls = new LinkedHashSet<>(call);
        return signals.follow(calls, lastEventId);
    }

    /** One call's page, from the position its page was read at. */
    @GetMapping(path = "/streams/calls/{uuid}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter call(@PathVariable @Pattern(regexp = ClientId.REGEX) String uuid,
                    @RequestParam(required = false) String after,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return signals.follow(Set.of(uuid), lastEventId != null ? lastEventId : after);
    }
}
