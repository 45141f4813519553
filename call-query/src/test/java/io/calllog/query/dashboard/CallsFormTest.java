package io.calllog.query.dashboard;

import io.calllog.query.call.CallFilter;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidQueryException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The calls page's form: what it filters on, and the links that keep its view. */
class CallsFormTest {

    private static CallsForm form(String from, String to, String q) {
        return new CallsForm("c.1", "completed", null, from, to, null, null, 5L, null, new BigDecimal("0.50"), null, q,
                3, 50);
    }

    @Test
    void aDateAndTimeFieldIsReadAsUtcAndAnInstantAsWritten() {
        CallFilter filter = form("2026-12-04T10:15", "2026-12-04T12:00:00+01:00", null).filter();
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-12-04T10:15:00Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-12-04T11:00:00Z"));
        assertThat(filter.campaignUuid()).isEqualTo("c.1");
        assertThat(filter.minDuration()).isEqualTo(5L);
        assertThat(filter.minCost()).isEqualByComparingTo("0.50");
    }

    @Test
    void everyFaultIsNamedByItsField() {
        InvalidQueryException refused = catchThrowableOfType(InvalidQueryException.class,
                () -> form("yesterday", "tomorrow", null).filter());
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("from", "to");

        InvalidQueryException backwards = catchThrowableOfType(InvalidQueryException.class,
                () -> form("2026-12-04T10:00", "2026-12-04T09:00", null).filter());
        assertThat(backwards.errors()).extracting(FieldError::field).containsExactly("to");
    }

    @Test
    void aPagesLinkKeepsEveryFilterEncodedAsAFormWould() {
        CallsForm form = form("2026-12-04T10:00+01:00", null, "\"spring promotion\" & more");
        assertThat(form.pageUrl(4)).isEqualTo("/calls?campaignUuid=c.1&status=completed"
                + "&from=2026-12-04T10%3A00%2B01%3A00"
                + "&minDuration=5&minCost=0.50&q=%22spring+promotion%22+%26+more&page=4&limit=50");
        assertThat(form.exportUrl("csv")).startsWith("/downloads/calls?campaignUuid=c.1&").endsWith("&format=csv")
                .doesNotContain("page=");
        assertThat(CallsForm.NONE.pageUrl(2)).isEqualTo("/calls?page=2");
        assertThat(CallsForm.NONE.limitOrDefault()).isEqualTo(25);
        assertThat(CallsForm.NONE.pageOrFirst()).isEqualTo(1);
    }
}
