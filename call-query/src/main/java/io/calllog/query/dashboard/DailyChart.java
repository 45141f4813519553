package io.calllog.query.dashboard;

import io.calllog.query.report.CampaignDayView;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bar chart of a campaign's days, drawn by the server as SVG (dashboard/campaign.html): no chart library, no
 * script. Each day is a column of stacked segments (one per series, in order); the value axis has five ticks, a
 * round step apart (whole numbers for counts), and at most about a dozen days are labelled, evenly.
 *
 * @param width  of the drawing, in SVG units (it scales with the page)
 * @param plot   the plotting area's left, top, right and bottom edges
 */
public record DailyChart(int width, int height, Area plot, List<Column> columns, List<Tick> ticks,
                         List<String> series) {

    static final int WIDTH = 760;
    static final int HEIGHT = 260;
    static final int LABELLED_DAYS = 12;

    public record Area(double left, double top, double right, double bottom) {
    }

    /** One day: its segments bottom up; {@code label} is null for a day left unlabelled. */
    public record Column(String day, String label, double x, double width, double labelX, List<Segment> segments,
                         String total) {
    }

    public record Segment(String series, double y, double height, String value) {
    }

    public record Tick(double y, String label) {
    }

    /** Calls started per day, stacked by the status they have now. */
    static DailyChart callsPerStatus(List<CampaignDayView> days, List<String> statuses) {
        List<List<BigDecimal>> values = days.stream().map(day -> statuses.stream()
                .map(status -> BigDecimal.valueOf(day.callsPerStatus().getOrDefault(status, 0L))).toList()).toList();
        return of(days, statuses, values, true, value -> value.setScale(0, RoundingMode.HALF_UP).toPlainString());
    }

    /** What each day's ended calls cost. */
    static DailyChart cost(List<CampaignDayView> days) {
        List<List<BigDecimal>> values = days.stream().map(day -> List.of(day.cost())).toList();
        return of(days, List.of("cost"), values, false, value -> value.setScale(2, RoundingMode.HALF_UP)
                .toPlainString());
    }

    private static DailyChart of(List<CampaignDayView> days, List<String> series, List<List<BigDecimal>> values,
                                 boolean whole, Function<BigDecimal, String> format) {
        Area plot = new Area(56, 12, WIDTH - 12, HEIGHT - 36);
        BigDecimal largest = values.stream().map(v -> v.stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        double step = step(largest.doubleValue() / 4);
        double top = 4 * (whole ? Math.max(1, step) : step);
        double scale = (plot.bottom() - plot.top()) / top;
        double slot = days.isEmpty() ? 0 : (plot.right() - plot.left()) / days.size();
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / (double) LABELLED_DAYS));
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            double x = plot.left() + i * slot + slot * 0.15;
            double y = plot.bottom();
            List<Segment> segments = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int s = 0; s < series.size(); s++) {
                BigDecimal value = values.get(i).get(s);
                total = total.add(value);
                double height = value.doubleValue() * scale;
                y -= height;
                if (value.signum() > 0) {
                    segments.add(new Segment(series.get(s), y, height, format.apply(value)));
                }
            }
            String day = days.get(i).day().toString();
            columns.add(new Column(day, i % labelEvery == 0 ? day.substring(5) : null, x, slot * 0.7,
                    x + slot * 0.35, segments, format.apply(total)));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int t = 0; t <= 4; t++) {
            double value = top * t / 4;
            ticks.add(new Tick(plot.bottom() - value * scale, format.apply(BigDecimal.valueOf(value))));
        }
        return new DailyChart(WIDTH, HEIGHT, plot, columns, ticks, series);
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above the value: a round tick step (1 for nothing). */
    static double step(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double multiple : new double[]{1, 2, 5}) {
            if (multiple * power >= value * (1 - 1e-9)) {
                return multiple * power;
            }
        }
        return 10 * power;
    }
}
