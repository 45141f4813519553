package io.calllog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) consumed by the processes of a benchmark, read from {@code /proc}: the server under
 * test, PostgreSQL (every process named {@code postgres}) and this load driver. Shows where a round's CPU went.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long serverPid;

    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    Map<String, Double> sample() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("server", seconds(serverPid));
        seconds.put("postgres", postgresSeconds());
        seconds.put("driver", seconds(ProcessHandle.current().pid()));
        serverThreads().forEach((kind, s) -> seconds.put("server:" + kind, s));
        return seconds;
    }

    /** The server's CPU per kind of thread (request handling, change streams, garbage collection, JIT compiler, other). */
    private Map<String, Double> serverThreads() {
        Map<String, Double> byKind = new LinkedHashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(serverPid), "task"))) {
            threads.forEach(thread -> {
                try {
                    String name = Files.readString(thread.resolve("comm")).trim();
                    String kind = name.startsWith("qtp") || name.startsWith("http-nio") ? "requests"
                            : name.startsWith("change-strea") ? "streams"
                            : name.startsWith("G1") || name.startsWith("GC ") ? "gc"
                            : name.contains("Compiler") ? "jit" : "other";
                    byKind.merge(kind, statSeconds(thread.resolve("stat")), Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // no /proc: not Linux
        }
        return byKind;
    }

    /** The CPU used between two samples, in cores (CPU seconds per second). */
    static String cores(Map<String, Double> before, Map<String, Double> after, double seconds) {
        StringBuilder text = new StringBuilder();
        after.forEach((name, used) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format("%s %.2f", name, (used - before.getOrDefault(name, 0.0)) / seconds)));
        return "CPU in cores: " + text;
    }

    /** The CPU used between two samples, in milliseconds per 1,000 events. */
    static String perThousandEvents(Map<String, Double> before, Map<String, Double> after, int events) {
        StringBuilder text = new StringBuilder();
        after.forEach((name, seconds) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format("%s %.0f", name, (seconds - before.getOrDefault(name, 0.0)) * 1e6 / events)));
        return "CPU ms per 1,000 events: " + text;
    }

    private static double seconds(long pid) {
        try {
            return statSeconds(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double statSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state(0) ... utime(11) stime(12)
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    private static double postgresSeconds() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CpuMeter::isPostgres)
                    .mapToDouble(p -> seconds(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim().equals("postgres");
        } catch (IOException e) {
            return false;
        }
    }
}
