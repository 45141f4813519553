package io.calllog.query.dashboard;

import io.calllog.events.ClientId;
import io.calllog.query.call.CallFilter;
import io.calllog.query.call.CallStatusName;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import io.calllog.query.problem.Paging;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls page's filters, as its form sends them and its URL keeps them: the Calls API's list filters and search,
 * the page and the page size. Each field is checked as the API checks its parameter; {@code from} and {@code to} are
 * what a date-and-time field sends ({@code 2026-12-04T10:15}, read as UTC) or a full ISO-8601 instant.
 */
public record CallsForm(@Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String campaignUuid,
                 @CallStatusName String status,
                 @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String recordUuid,
                 String from,
                 String to,
                 @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound") String direction,
                 String endReason,
                 @PositiveOrZero Long minDuration,
                 @PositiveOrZero Long maxDuration,
                 @DecimalMin("0") BigDecimal minCost,
                 @DecimalMin("0") BigDecimal maxCost,
                 @Size(max = CallFilter.MAX_SEARCH_LENGTH) String q,
                 @Min(1) @Max(Paging.MAX_PAGE) Integer page,
                 @Min(1) @Max(100) Integer limit) {

    /** No filter: every call, first page. */
    static final CallsForm NONE = new CallsForm(null, null, null, null, null, null, null, null, null, null, null, null,
            null, null);
    static final int DEFAULT_LIMIT = 25;
    static final List<Integer> LIMITS = List.of(10, 25, 50, 100);

    public int pageOrFirst() {
        return page == null ? 1 : page;
    }

    public int limitOrDefault() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /** The filter these fields ask for; faults as an {@link InvalidQueryException} naming each field. */
    CallFilter filter() {
        List<FieldError> errors = new ArrayList<>();
        OffsetDateTime fromTime = time("from", from, errors);
        OffsetDateTime toTime = time("to", to, errors);
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return CallFilter.checked(campaignUuid, status, recordUuid, fromTime, toTime, direction, endReason, minDuration,
                maxDuration, minCost, maxCost, q);
    }

    /** This view's URL with another page: every filter kept, so that the link reproduces the view. */
    public String pageUrl(int number) {
        StringBuilder url = filtered(new StringBuilder("/calls"));
        add(url, "page", String.valueOf(number));
        add(url, "limit", text(limit));
        return url.toString();
    }

    /** The export of every call these filters select, in a format ({@code csv} or {@code ndjson}). */
    public String exportUrl(String format) {
        StringBuilder url = filtered(new StringBuilder("/downloads/calls"));
        add(url, "format", format);
        return url.toString();
    }

    private StringBuilder filtered(StringBuilder url) {
        add(url, "campaignUuid", campaignUuid);
        add(url, "status", status);
        add(url, "recordUuid", recordUuid);
        add(url, "from", from);
        add(url, "to", to);
        add(url, "direction", direction);
        add(url, "endReason", endReason);
        add(url, "minDuration", text(minDuration));
        add(url, "maxDuration", text(maxDuration));
        add(url, "minCost", text(minCost));
        add(url, "maxCost", text(maxCost));
        add(url, "q", q);
        return url;
    }

    /** A query parameter, form-encoded (a '+' in a value, as in an offset, is sent as %2B). */
    private static void add(StringBuilder url, String name, String value) {
        if (value != null) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static OffsetDateTime time(String field, String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException local) {
            try {
                return OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(field, "must be a date and time, such as 2026-12-04T10:15 (UTC)"));
                return null;
            }
        }
    }
}
