package io.calllog.bench;

import java.util.Arrays;

/** Entry point of the benchmarks: {@code BenchmarkMain <scenario>}. */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] given = Arrays.stream(args).filter(a -> !a.isBlank()).toArray(String[]::new);
        String scenario = given.length == 0 ? "ingestion" : given[0];
        switch (scenario) {
            case "ingestion" -> new IngestionBenchmark().run();
            case "query" -> new QueryBenchmark().run();
            case "replay" -> new ReplayBenchmark().run();
            case "soak" -> new SoakBenchmark().run();
            case "stream" -> new StreamBenchmark().run();
            case "search" -> new SearchBenchmark().run();
            case "webhooks" -> new WebhookBenchmark().run();
            default -> throw new IllegalArgumentException(
                    "unknown benchmark '" + scenario + "': known: ingestion, query, replay, soak, stream, search, "
                            + "webhooks");
        }
    }
}
