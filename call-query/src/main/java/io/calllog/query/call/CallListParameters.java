package io.calllog.query.call;

import org.springframework.util.MultiValueMap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query string of {@code GET /api/calls}, read strictly: an unknown parameter, a repeated one, an empty one or a
 * bad value is refused with the parameter named, never ignored.
 */
final class CallListParameters {

    static final Set<String> NAMES = Set.of("campaignUuid", "status", "recordUuid", "from", "to", "page", "limit");
    static final Set<String> STATUSES = Set.of("in-progress", "completed", "failed", "busy", "no-answer");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_PAGE = 1_000_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private CallListParameters() {
    }

    static FindCalls read(MultiValueMap<String, String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!NAMES.contains(name)) {
                errors.add(new FieldError(name, "is not a parameter of this endpoint: use " + String.join(", ",
                        List.of("campaignUuid", "status", "recordUuid", "from", "to", "page", "limit"))));
            } else if (values.size() > 1) {
                errors.add(new FieldError(name, "is given " + values.size() + " times: give it once"));
            } else if (values.get(0) == null || values.get(0).isEmpty()) {
                errors.add(new FieldError(name, "is empty: give a value or leave the parameter out"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        String campaignUuid = id(parameters.getFirst("campaignUuid"), "campaignUuid", errors);
        String recordUuid = id(parameters.getFirst("recordUuid"), "recordUuid", errors);
        String status = parameters.getFirst("status");
        if (status != null && !STATUSES.contains(status)) {
            errors.add(new FieldError("status", "must be one of in-progress, completed, failed, busy, no-answer"));
        }
        Instant from = instant(parameters.getFirst("from"), "from", errors);
        Instant to = instant(parameters.getFirst("to"), "to", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from (from is inclusive, to exclusive)"));
        }
        int page = whole(parameters.getFirst("page"), "page", 1, 1, MAX_PAGE, errors);
        int limit = whole(parameters.getFirst("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return new FindCalls(new CallFilter(campaignUuid, status, recordUuid, from, to), page, limit);
    }

    private static String id(String value, String name, List<FieldError> errors) {
        if (value != null && !ID.matcher(value).matches()) {
            errors.add(new FieldError(name, "must be 1 to 128 characters of A-Z a-z 0-9 _ . : -"));
        }
        return value;
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

    private static int whole(String value, String name, int defaultValue, int min, int max, List<FieldError> errors) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notAWholeNumber) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return defaultValue;
    }
}
