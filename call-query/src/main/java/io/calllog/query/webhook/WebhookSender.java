package io.calllog.query.webhook;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt of a message, asynchronously, with Jetty's HTTP client: no redirects followed, a connect timeout
 * and a timeout of the whole exchange, at most {@code max-response-bytes} of the response read, and every connection
 * checked against {@link WebhookTargets} when it is made. The answer is the attempt as the ledger records it; nothing
 * of the message's body is logged.
 */
@Component
class WebhookSender implements DisposableBean {

    private final HttpClient http;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookSender(WebhookProperties properties) {
        this.properties = properties;
        this.clock = Clock.systemUTC();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("webhook-http");
        threads.setDaemon(true);
        this.http = new HttpClient();
        http.setExecutor(threads);
        http.setScheduler(new ScheduledExecutorScheduler("webhook-http-scheduler", true));
        http.setFollowRedirects(false);
        http.setConnectTimeout(properties.connectTimeout().toMillis());
        http.setIdleTimeout(properties.timeout().toMillis());
        http.setMaxConnectionsPerDestination(64);
        http.setMaxRequestsQueuedPerDestination(4_096);
        http.setUserAgentField(new org.eclipse.jetty.http.HttpField(HttpHeader.USER_AGENT, "call-log-webhooks/1"));
        WebhookTargets targets = new WebhookTargets(properties.allowHttp(), properties.allowPrivateTargets());
        http.setSocketAddressResolver(targets.resolver(
                new SocketAddressResolver.Async(threads, http.getScheduler(), properties.connectTimeout().toMillis())));
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("the webhooks' HTTP client did not start", e);
        }
    }

    /** One attempt: POST the body, signed with every live secret, to the URL. */
    CompletableFuture<DeliveryAttempt> send(String url, String messageId, byte[] body, List<SigningSecret> secrets) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        long timestamp = at.getEpochSecond();
        CompletableFuture<DeliveryAttempt> attempt = new CompletableFuture<>();
        Request request;
        try {
            request = http.newRequest(url).method(HttpMethod.POST)
                    .timeout(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(headers -> headers
                            .put("webhook-id", messageId)
                            .put("webhook-timestamp", Long.toString(timestamp))
                            .put("webhook-signature", WebhookSignature.header(messageId, timestamp, body, secrets)))
                    .body(new BytesRequestContent("application/json", body));
        } catch (RuntimeException e) { // a URL the client cannot take
            attempt.complete(new DeliveryAttempt(at, null, 0, "not a URL messages can be sent to"));
            return attempt;
        }
        int limit = properties.maxResponseBytes();
        int[] read = {0};
        request.onResponseContent((response, content) -> {
            read[0] += content.remaining();
            if (read[0] > limit) {
                response.abort(new ResponseLimitReached()); // the status is known: the rest is not read
            }
        });
        request.send(result -> attempt.complete(attemptOf(at, started, result)));
        return attempt;
    }

    private static DeliveryAttempt attemptOf(Instant at, long started, Result result) {
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Throwable failure = result.getFailure();
        int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
        if (failure == null || (failure instanceof ResponseLimitReached && status > 0)) {
            return new DeliveryAttempt(at, status, latency,
                    status >= 200 && status < 300 ? null : "the endpoint answered " + status);
        }
        return new DeliveryAttempt(at, null, latency, describe(failure));
    }

    /** A failure as the ledger says it: its kind, without the message body. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof WebhookTargets.RefusedTargetException) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof WebhookTargets.RefusedTargetException) {
            return cause.getMessage();
        }
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
            return "the host does not resolve";
        }
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null ? "" : ": " + text.substring(0, Math.min(200,
                text.length())));
    }

    @Override
    public void destroy() throws Exception {
        http.stop();
    }

    /** Reading a response stops here: its status is what counts. */
    private static final class ResponseLimitReached extends Exception {
        ResponseLimitReached() {
            super("response body limit reached", null, false, false);
        }
    }
}
