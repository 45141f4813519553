package io.calllog.query.call;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.MultiValueMap;

import java.util.List;

/**
 * The Calls API, as {@code ../shared/seed/calls-api-reference.txt} defines it: {@code GET /api/calls} (filters,
 * pagination, newest first) and {@code GET /api/calls/{uuid}}.
 */
@RestController
class CallsController {

    private final QueryGateway queries;

    CallsController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/calls", produces = MediaType.APPLICATION_JSON_VALUE)
    CallPage listCalls(@RequestParam MultiValueMap<String, String> parameters) {
        return queries.query(CallListParameters.read(parameters), ResponseTypes.instanceOf(CallPage.class)).join();
    }

    @GetMapping(path = "/api/calls/{uuid}", produces = MediaType.APPLICATION_JSON_VALUE)
    CallView getCall(@PathVariable String uuid, @RequestParam MultiValueMap<String, String> parameters) {
        if (!parameters.isEmpty()) {
            throw new InvalidQueryException(parameters.keySet().stream()
                    .map(name -> new FieldError(name, "is not a parameter of this endpoint: it takes none")).toList());
        }
        return queries.query(new FindCall(uuid), ResponseTypes.optionalInstanceOf(CallView.class)).join()
                .orElseThrow(() -> new CallNotFoundException(uuid));
    }

    static final class CallNotFoundException extends RuntimeException {
        private final String uuid;

        CallNotFoundException(String uuid) {
            super("no call with uuid " + uuid);
            this.uuid = uuid;
        }

        String uuid() {
            return uuid;
        }
    }

}
