package io.calllog.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** A client of the all-in-one app, as a worker and a dashboard would use it. */
final class CallLogClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    CallLogClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    static CallLogClient of(ApplicationContext context) {
        return new CallLogClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    record Response(int status, JsonNode body) {
    }

    Response postEvent(String callUuid, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/calls/" + callUuid + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response postBatch(String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET().build());
    }

    /** Polls the Calls API until the call shows the given status (the projection is asynchronous). */
    JsonNode awaitCall(String callUuid, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response response = get("/api/calls/" + callUuid);
            return response.status() == 200 && response.body().path("status").asText().equals(status);
        });
        return get("/api/calls/" + callUuid).body();
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
            return new Response(response.statusCode(), json ? JSON.readTree(response.body()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
