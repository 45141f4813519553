package io.calllog.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a list of latencies in nanoseconds, printed in milliseconds. */
record Stats(int count, double p50Millis, double p90Millis, double p99Millis, double maxMillis) {

    static Stats of(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Stats(sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms",
                count, p50Millis, p90Millis, p99Millis, maxMillis);
    }
}
