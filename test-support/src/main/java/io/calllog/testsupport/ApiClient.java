package io.calllog.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** An HTTP client of the service under test, as a worker (ingestion) and a dashboard (Calls API) would use it. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;

    /** A client that sends the test key with every role ({@link TestApiKeys#ALL_ROLES}). */
    public ApiClient(int port) {
        this(HttpClient.newHttpClient(), "http://localhost:" + port, "Bearer " + TestApiKeys.ALL_ROLES);
    }

    private ApiClient(HttpClient http, String baseUrl, String authorization) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** The same client sending another key, or none ({@code null}). */
    public ApiClient withKey(String apiKey) {
        return withAuthorization(apiKey == null ? null : "Bearer " + apiKey);
    }

    /** The same client sending this {@code Authorization} header, or none ({@code null}). */
    public ApiClient withAuthorization(String header) {
        return new ApiClient(http, baseUrl, header);
    }


    /** A client of the web server that the given application context runs. */
    public static ApiClient of(ApplicationContext context) {
        return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

        /** The first value of a response header, or {@code null}. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The body as JSON, or {@code null} when it is not JSON. */
        public JsonNode json() {
            if (!contentType.contains("json")) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    public Response postEvent(String callUuid, String json) {
        return post("/api/calls/" + callUuid + "/events", json);
    }

    public Response postBatch(String json) {
        return post("/api/events", json);
    }

    /** Posts until the answer is not a 503, as the contract asks a worker to do (a 503 stored nothing). */
    public Response postEventRetrying(String callUuid, String json) {
        Response response = postEvent(callUuid, json);
        while (response.status() == 503) {
            response = postEvent(callUuid, json);
        }
        return response;
    }

    /**
     * Any request: the path and query as given (already percent-encoded), a body with this content type unless
     * either is {@code null}. For tests that send what a well-behaved client would not.
     */
    public Response request(String method, String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET());
    }

    /** Polls the Calls API until the call shows the given status (the projection is asynchronous). */
    public JsonNode awaitCall(String callUuid, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response response = get("/api/calls/" + callUuid);
            return response.status() == 200 && response.json().path("status").asText().equals(status);
        });
        return get("/api/calls/" + callUuid).json();
    }

    /** A POST without a body (an action, such as a replay). */
    public Response post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Polls the projection administration until the projection has handled every event in the store and is running
     * (no replay under way).
     */
    public JsonNode awaitProjection(String name) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode projection = get("/api/admin/projections/" + name).json();
                last.set(projection);
                return projection.path("state").asText().equals("running") && projection.path("lag").asLong() == 0
                        && projection.path("position").asLong() >= projection.path("head").asLong();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("projection " + name + " did not catch up; last seen: " + last.get(), e);
        }
        return last.get();
    }

    private Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
