package io.calllog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A line describing the machine a benchmark ran on. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        String memory = "unknown memory";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse(memory);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: keep the defaults
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
