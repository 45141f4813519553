package io.calllog.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server under test, started as its own JVM (so its heap limit is its own), logging to a file. */
final class ChildJvm implements AutoCloseable {

    /**
     * The API key that the benchmarks send; each child is started with its hash and every role. A new key each run,
     * since it is passed on a command line.
     */
    private static final String API_KEY = ApiKeyOfThisRun.create();

    private final String name;
    private final Process process;
    private final int port;

    private ChildJvm(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    static ChildJvm start(String name, int port, List<String> jvmAndMain, List<String> args, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmAndMain);
        command.add("--server.port=" + port);
        command.add("--calllog.access.keys.bench.sha256=" + ApiKeyOfThisRun.sha256Hex(API_KEY));
        command.add("--calllog.access.keys.bench.roles=ingest,read,admin");
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ChildJvm child = new ChildJvm(name, process, port);
        child.awaitHealthy(log);
        return child;
    }

    static List<String> onThisClasspath(String mainClass, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /** The app arguments given, then those of {@code -Dbench.appArgs} (settings to compare, e.g. processor properties). */
    static List<String> withBenchAppArgs(List<String> args) {
        List<String> all = new ArrayList<>(args);
        String extra = System.getProperty("bench.appArgs", "");
        if (!extra.isBlank()) {
            all.addAll(List.of(extra.trim().split("\\s+")));
        }
        return all;
    }

    /** The JVM options given, then those of {@code -Dbench.serviceJvmOptions} (e.g. a flight recording), then the jar. */
    static List<String> jar(File jar, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(jvmOptions));
        String extraOptions = System.getProperty("bench.serviceJvmOptions", "");
        if (!extraOptions.isBlank()) {
            command.addAll(List.of(extraOptions.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.getPath());
        return command;
    }

    int port() {
        return port;
    }

    /** The value of the Authorization header that requests to this server carry. */
    String authorization() {
        return "Bearer " + API_KEY;
    }

    /** A request to this server, with the API key. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization());
    }

    private void awaitHealthy(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15)); // a start may index a read model again first
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(request("/actuator/health").build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not become healthy in 2 minutes; see " + log);
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** The server's heap right after a full GC (forced with jcmd), read from its actuator metrics. */
    String heapAfterFullGc() throws IOException, InterruptedException {
        return String.format("heap used after full GC %.0f MiB of max %.0f MiB", heapAfterFullGcMiB(),
                metric("jvm.memory.max?tag=area:heap") / (1024 * 1024));
    }

    /** Bytes per class on the server's heap, after the full GC that {@code jcmd GC.class_histogram} makes. */
    Map<String, Long> classHistogram() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process histogram = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        Map<String, Long> bytes = new HashMap<>();
        try (var lines = new BufferedReader(new InputStreamReader(histogram.getInputStream()))) {
            Pattern row = Pattern.compile("\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+).*");
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher matched = row.matcher(line);
                if (matched.matches()) {
                    bytes.merge(matched.group(2), Long.parseLong(matched.group(1)), Long::sum);
                }
            }
        }
        histogram.waitFor();
        return bytes;
    }

    /** Prints the classes whose bytes on the heap grew most from one histogram to the other, largest first. */
    static void printGrowth(Map<String, Long> before, Map<String, Long> after, int classes) {
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(classes)
                .forEach(e -> System.out.printf("  %+8.1f MiB  %s%n", e.getValue() / 1048576.0, e.getKey()));
    }

    /** The server's heap in MiB right after a full GC, forced with jcmd. */
    double heapAfterFullGcMiB() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        return metric("jvm.memory.used?tag=area:heap") / (1024 * 1024);
    }

    double metric(String nameAndTags) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            String body = http.send(request("/actuator/metrics/" + nameAndTags).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return Double.parseDouble(body.replaceAll("(?s).*\"value\":([0-9.E+-]+).*", "$1"));
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
