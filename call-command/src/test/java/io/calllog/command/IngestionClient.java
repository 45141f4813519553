package io.calllog.command;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small HTTP client for the ingestion API, as a worker would use it. */
public final class IngestionClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public IngestionClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /** A client of the web server that the given application context runs. */
    public static IngestionClient of(ApplicationContext context) {
        return new IngestionClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public record Response(int status, String body) {
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

    private Response post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
