package io.calllog.query.call;

import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import io.calllog.query.problem.QueryParameters;
import org.springframework.util.MultiValueMap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query string of {@code GET /api/calls}, read strictly: an unknown parameter, a repeated one, an empty one or a
 * bad value is refused with the parameter named, never ignored.
 */
final class CallListParameters {

    static final List<String> NAMES_IN_ORDER =
            List.of("campaignUuid", "status", "recordUuid", "from", "to", "page", "limit");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private CallListParameters() {
    }

    static FindCalls read(MultiValueMap<String, String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        QueryParameters.requireKnownAndSingle(parameters, NAMES_IN_ORDER);
        String campaignUuid = QueryParameters.id(parameters.getFirst("campaignUuid"), "campaignUuid", errors);
        String recordUuid = QueryParameters.id(parameters.getFirst("recordUuid"), "recordUuid", errors);
        String status = parameters.getFirst("status");
        if (status != null && !CallView.STATUSES.contains(status)) {
            errors.add(new FieldError("status", "must be one of " + String.join(", ", CallView.STATUSES)));
        }
        Instant from = instant(parameters.getFirst("from"), "from", errors);
        Instant to = instant(parameters.getFirst("to"), "to", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from (from is inclusive, to exclusive)"));
        }
        int page = QueryParameters.whole(parameters.getFirst("page"), "page", 1, 1, QueryParameters.MAX_PAGE, errors);
        int limit = QueryParameters.whole(parameters.getFirst("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return new FindCalls(new CallFilter(campaignUuid, status, recordUuid, from, to), page, limit);
    }

    private static Instant instant(String value, String name, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 date-time with offset, such as 2026-04-20T15:00:00Z"));
            return null;
        }
    }

}
