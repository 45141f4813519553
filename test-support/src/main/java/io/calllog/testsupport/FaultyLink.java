package io.calllog.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP link between the application under test and a database server, which a test can cut and restore: the
 * database "becomes unreachable" without stopping the server (which other tests share), whether it runs in
 * Testcontainers or in this JVM. Cut, it closes every open connection and drops new ones as soon as they are made,
 * as a network failure would look to a driver.
 */
public final class FaultyLink implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private FaultyLink(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "faulty-link-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+):(\\d+)");

    /** A link to this server, listening on a free loopback port. */
    public static FaultyLink to(String host, int port) {
        return new FaultyLink(host, port);
    }

    /** A link to the server a URL names ({@code jdbc:postgresql://host:port/...}, {@code mongodb://host:port/...}). */
    public static FaultyLink toServerOf(String url) {
        Matcher hostPort = HOST_PORT.matcher(url);
        if (!hostPort.find()) {
            throw new IllegalArgumentException("no //host:port in " + url);
        }
        return to(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
    }

    /** The same URL, through this link. */
    public String route(String url) {
        return HOST_PORT.matcher(url).replaceFirst("//localhost:" + port());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection and drops new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(FaultyLink::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // the listener closed, or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or closed by either end
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "faulty-link-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
