package io.calllog.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * nginx run with the project's front-door configuration ({@code deploy/nginx.conf}), for tests of the scale-out shape:
 * the same routes and settings, with each upstream's one server (a compose service name) replaced by the instances
 * the test runs, and its {@code listen} by a free port. nginx comes from a container where Docker answers, otherwise
 * from the machine (Debian's {@code nginx}, installed when missing: {@link DebianPackages}).
 */
public final class FrontDoor implements AutoCloseable {

    private static final Pattern UPSTREAM = Pattern.compile(
            "upstream (\\w+)\\s*\\{\\s*((?:\\w+;\\s*)*)server [\\w.-]+:\\d+;\\s*}");

    private final Process process;
    private final GenericContainer<?> container;
    private final int port;

    private FrontDoor(Process process, GenericContainer<?> container, int port) {
        this.process = process;
        this.container = container;
        this.port = port;
    }

    /**
     * Starts nginx on {@code deploy/nginx.conf} with each named upstream's servers on these local ports.
     *
     * @param dir where its configuration, logs and temporary files go
     */
    public static FrontDoor start(Path frontDoorConf, Map<String, List<Integer>> upstreams, Path dir) {
        try {
            Files.createDirectories(dir);
            String routes = Files.readString(frontDoorConf);
            if (DockerDetection.useTestcontainers()) {
                upstreams.values().stream().flatMap(List::stream)
                        .forEach(org.testcontainers.Testcontainers::exposeHostPorts);
                Path conf = dir.resolve("default.conf");
                Files.writeString(conf, rewritten(routes, upstreams, "host.testcontainers.internal", "3000"));
                GenericContainer<?> nginx = new GenericContainer<>("nginx:1.27-alpine").withExposedPorts(3000)
                        .withCopyFileToContainer(MountableFile.forHostPath(conf), "/etc/nginx/conf.d/default.conf");
                nginx.start();
                return new FrontDoor(null, nginx, nginx.getMappedPort(3000));
            }
            Path nginx = DebianPackages.require(List.of(List.of(Path.of("/usr/sbin/nginx"))), List.of("nginx"),
                    "The scale-out test's front door").get(0);
            int port = AppProcess.freePort();
            for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                Files.createDirectories(dir.resolve(temp));
            }
            Files.writeString(dir.resolve("nginx.conf"), """
                    daemon off;
                    user root;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 1024; }
                    http {
                        access_log %1$s/access.log;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                    %2$s
                    }
                    """.formatted(dir.toAbsolutePath(),
                    rewritten(routes, upstreams, "127.0.0.1", "127.0.0.1:" + port)));
            Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toAbsolutePath() + "/", "-c",
                    dir.resolve("nginx.conf").toAbsolutePath().toString(), "-e",
                    dir.resolve("error.log").toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            FrontDoor door = new FrontDoor(process, null, port);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited: see " + dir.resolve("error.log"));
                }
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
            return door;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The front door's routes with the test's servers and port: everything else as the file says. */
    static String rewritten(String routes, Map<String, List<Integer>> upstreams, String host, String listen) {
        Matcher upstream = UPSTREAM.matcher(routes);
        StringBuilder out = new StringBuilder();
        while (upstream.find()) {
            List<Integer> ports = upstreams.get(upstream.group(1));
            if (ports == null) {
                throw new IllegalArgumentException("no servers given for upstream " + upstream.group(1));
            }
            upstream.appendReplacement(out, Matcher.quoteReplacement("upstream " + upstream.group(1) + " { "
                    + upstream.group(2)
                    + ports.stream().map(p -> "server " + host + ":" + p + ";").collect(Collectors.joining(" "))
                    + " }"));
        }
        upstream.appendTail(out);
        String rewritten = out.toString();
        if (!rewritten.contains("listen 3000;")) {
            throw new IllegalArgumentException("the front door no longer listens on 3000: update FrontDoor");
        }
        return rewritten.replace("listen 3000;", "listen " + listen + ";");
    }

    public int port() {
        return port;
    }

    /** A client of the front door, sending {@link TestApiKeys#ALL_ROLES}. */
    public ApiClient client() {
        return new ApiClient(port);
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
