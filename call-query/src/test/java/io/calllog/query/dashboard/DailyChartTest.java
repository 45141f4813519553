package io.calllog.query.dashboard;

import io.calllog.query.call.CallView;
import io.calllog.query.report.CampaignDayView;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The geometry of the server-drawn campaign charts. */
class DailyChartTest {

    private static CampaignDayView day(String date, long completed, long busy, String cost) {
        Map<String, Long> perStatus = new LinkedHashMap<>();
        CallView.STATUSES.forEach(status -> perStatus.put(status, 0L));
        perStatus.put("completed", completed);
        perStatus.put("busy", busy);
        return new CampaignDayView(LocalDate.parse(date), completed + busy, perStatus, new BigDecimal(cost));
    }

    @Test
    void aDaysSegmentsStackUpToItsTotalOnAScaleWithRoundTicks() {
        DailyChart chart = DailyChart.callsPerStatus(List.of(day("2026-12-01", 30, 7, "1.00"),
                day("2026-12-02", 10, 0, "0.50")), CallView.STATUSES);

        // 37 calls at most: ticks 0, 10, 20, 30, 40
        assertThat(chart.ticks()).extracting(DailyChart.Tick::label).containsExactly("0", "10", "20", "30", "40");
        DailyChart.Column first = chart.columns().get(0);
        assertThat(first.segments()).extracting(DailyChart.Segment::series).containsExactly("completed", "busy");
        assertThat(first.total()).isEqualTo("37");
        double plotHeight = chart.plot().bottom() - chart.plot().top();
        double stacked = first.segments().stream().mapToDouble(DailyChart.Segment::height).sum();
        assertThat(stacked).isCloseTo(plotHeight * 37 / 40, within(1e-9));
        // bottom up: the first segment stands on the axis, the next on it
        assertThat(first.segments().get(0).y() + first.segments().get(0).height())
                .isCloseTo(chart.plot().bottom(), within(1e-9));
        assertThat(first.segments().get(1).y() + first.segments().get(1).height())
                .isCloseTo(first.segments().get(0).y(), within(1e-9));
        // a day without calls of a status has no segment for it
        assertThat(chart.columns().get(1).segments()).singleElement()
                .satisfies(segment -> assertThat(segment.series()).isEqualTo("completed"));
    }

    @Test
    void costsGetTwoDecimalsAndCountsWholeTicks() {
        DailyChart cost = DailyChart.cost(List.of(day("2026-12-01", 1, 0, "0.37")));
        assertThat(cost.ticks()).extracting(DailyChart.Tick::label).containsExactly("0.00", "0.10", "0.20", "0.30",
                "0.40");
        assertThat(cost.columns().get(0).total()).isEqualTo("0.37");

        DailyChart few = DailyChart.callsPerStatus(List.of(day("2026-12-01", 1, 0, "0")), CallView.STATUSES);
        assertThat(few.ticks()).extracting(DailyChart.Tick::label).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void aLongCampaignLabelsAboutADozenDaysEvenly() {
        List<CampaignDayView> days = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            days.add(day(LocalDate.parse("2026-10-01").plusDays(i).toString(), 1, 0, "0.10"));
        }
        DailyChart chart = DailyChart.callsPerStatus(days, CallView.STATUSES);

        assertThat(chart.columns()).hasSize(60);
        assertThat(chart.columns().stream().filter(column -> column.label() != null)).hasSize(12);
        assertThat(chart.columns().get(0).label()).isEqualTo("10-01");
        assertThat(chart.columns().get(59).x() + chart.columns().get(59).width()).isLessThan(chart.plot().right());
    }

    @Test
    void aCampaignWithoutDaysDrawsAnEmptyChart() {
        DailyChart chart = DailyChart.cost(List.of());
        assertThat(chart.columns()).isEmpty();
        assertThat(chart.ticks()).hasSize(5);
    }
}
