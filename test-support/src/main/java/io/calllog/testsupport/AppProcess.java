package io.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One of this project's runnables in a process of its own, as a user runs it: on a free port, with its data under a
 * given directory and its output in {@code app.log} there. {@link #start} returns once the readiness probe answers
 * 200, and fails at once, naming the log, if the process exits first.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code java <launch> --server.port=<port> --calllog.data-dir=<dataDir> <arguments>}, where
     * {@code launch} ends with what to run ({@code -jar <jar>}, or {@code -cp <classpath> <main class>}).
     */
    public static AppProcess start(List<String> launch, Path dataDir, int port, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.add("--server.port=" + port);
        command.add("--calllog.data-dir=" + dataDir);
        command.addAll(arguments);
        return launch(command, Map.of(), dataDir, port);
    }

    /**
     * Starts {@code java <launch>} configured by its environment alone, as a container is: {@code environment} must
     * set its port ({@code SERVER_PORT}) to {@code port}. Its output goes to {@code app.log} in {@code dir}.
     */
    public static AppProcess startWithEnvironment(List<String> launch, Map<String, String> environment, Path dir,
                                                  int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        return launch(command, environment, dir, port);
    }

    private static AppProcess launch(List<String> command, Map<String, String> environment, Path dataDir, int port) {
        Path log = dataDir.resolve("app.log");
        Process process;
        try {
            java.nio.file.Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AppProcess app = new AppProcess(process, port, log);
        ApiClient probe = new ApiClient(port).withKey(null); // the probe is open, and this key may be unknown there
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class) // not listening yet
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the app exited; see " + log);
                        }
                        return probe.get("/actuator/health/readiness").status() == 200;
                    });
        } catch (RuntimeException notReady) {
            app.kill();
            throw notReady;
        }
        return app;
    }

    public int port() {
        return port;
    }

    /** The process id: what the service names itself by, as {@code <pid>@<host>}, in segment owners. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** A client of this process, sending {@link TestApiKeys#ALL_ROLES}. */
    public ApiClient client() {
        return new ApiClient(port);
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** A clean stop (SIGTERM: Spring closes the context). */
    @Override
    public void close() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
