package io.calllog.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A webhook receiver on a loopback port, as an integration runs one: it keeps every request it gets (headers, body,
 * when it arrived, in order) and answers as its {@link Answer} says (a status, a body, a redirect, or never until
 * told). Its threads are daemons, and {@link #close} stops it.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received; header names in lower case. */
    public record Received(String id, String timestamp, String signature, String body, Map<String, List<String>> headers,
                           long arrivedNanos) {
    }

    /**
     * How the receiver answers a request: with a status and a body (the request is already recorded); or, with
     * {@code zeros} above 0, a body of that many zero bytes, streamed.
     */
    public record Answer(int status, String body, Map<String, String> headers, long zeros) {
        public Answer(int status, String body, Map<String, String> headers) {
            this(status, body, headers, 0);
        }

        public static Answer ok() {
            return new Answer(200, "", Map.of());
        }

        public static Answer status(int status) {
            return new Answer(status, "", Map.of());
        }

        /** A 200 whose body is {@code bytes} zero bytes. */
        public static Answer ofSize(long bytes) {
            return new Answer(200, "", Map.of(), bytes);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> answers = request -> Answer.ok();
    private final Object gate = new Object();
    private volatile boolean hold;
    private final AtomicInteger bodiesWritten = new AtomicInteger();
    private final AtomicInteger bodiesCutShort = new AtomicInteger();

    private WebhookReceiver(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** A receiver on a free loopback port, answering 200 until told otherwise. */
    public static WebhookReceiver start() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable, "webhook-receiver-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService threads = Executors.newFixedThreadPool(32, daemons);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_000);
            WebhookReceiver receiver = new WebhookReceiver(server, threads);
            server.createContext("/", receiver::handle);
            server.setExecutor(threads);
            server.start();
            return receiver;
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException(e);
        }
    }

    /** Where to send: {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on, answers each request as the function says. */
    public WebhookReceiver answering(Function<Received, Answer> answers) {
        this.answers = answers;
        return this;
    }

    /** Holds every request unanswered (recorded on arrival) until {@link #letGo}. */
    public void holdAll() {
        hold = true;
    }

    public void letGo() {
        synchronized (gate) {
            hold = false;
            gate.notifyAll();
        }
    }

    /** Answers of {@link Answer#ofSize} written whole, and those the client stopped reading (closed) before the end. */
    public int bodiesWritten() {
        return bodiesWritten.get();
    }

    public int bodiesCutShort() {
        return bodiesCutShort.get();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            Received request = new Received(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), body, lowerCase(headers), System.nanoTime());
            received.add(request);
            synchronized (gate) {
                while (hold) {
                    gate.wait();
                }
            }
            Answer answer = answers.apply(request);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.zeros() > 0) {
                exchange.sendResponseHeaders(answer.status(), answer.zeros());
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (long written = 0; written < answer.zeros(); written += chunk.length) {
                        exchange.getResponseBody().write(chunk, 0, (int) Math.min(chunk.length,
                                answer.zeros() - written));
                    }
                    exchange.getResponseBody().flush();
                    bodiesWritten.incrementAndGet();
                } catch (IOException closedByTheClient) {
                    bodiesCutShort.incrementAndGet();
                }
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new java.util.TreeMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        return lower;
    }

    @Override
    public void close() {
        letGo();
        server.stop(0);
        threads.shutdownNow();
    }
}
