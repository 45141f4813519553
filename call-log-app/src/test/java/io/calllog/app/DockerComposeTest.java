package io.calllog.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so {@code docker compose up} is not run by the build. This checks what can be checked
 * without one: the compose file parses, names the services of the scale-out shape, publishes only the front door on
 * port 3000, builds each application from its module, gives each application only settings that it reads, and the
 * front door routes to the services and ports that compose defines.
 */
class DockerComposeTest {

    private static final Path ROOT = ComposeFile.ROOT;

    private static Map<String, Object> services() {
        return ComposeFile.services();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> service, String name) {
        return (Map<String, Object>) service.get(name);
    }

    @Test
    void namesTheServicesOfTheScaleOutShapeAndPublishesOnlyTheFrontDoor() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsOnlyKeys("postgres", "mongo", "call-command", "call-query", "front-door");
        services.forEach((name, service) -> {
            List<Object> ports = (List<Object>) ((Map<String, Object>) service).get("ports");
            if (name.equals("front-door")) {
                assertThat(ports).containsExactly("3000:3000");
            } else {
                assertThat(ports).as(name + " publishes no port").isNull();
            }
        });
        Map<String, Object> mongo = (Map<String, Object>) services.get("mongo");
        assertThat((List<String>) mongo.get("command")).containsSequence("--replSet", "rs0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachApplicationIsBuiltFromItsModuleAndGivenOnlySettingsItReads() throws IOException {
        Map<String, Object> services = services();
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("ARG MODULE").contains("-pl ${MODULE} -am package");
        for (String application : List.of("call-command", "call-query")) {
            Map<String, Object> service = (Map<String, Object>) services.get(application);
            assertThat(section(section(service, "build"), "args")).containsEntry("MODULE", application);
            Properties read = settingsOf(application);
            Map<String, Object> environment = section(service, "environment");
            environment.keySet().stream().filter(variable -> !API_KEY.matcher(relaxed(variable)).matches())
                    .forEach(variable -> assertThat(read)
                            .as("%s reads %s (from %s)", application, relaxed(variable), variable)
                            .containsKey(relaxed(variable)));
            assertThat(environment.keySet().stream().filter(variable -> API_KEY.matcher(relaxed(variable)).matches()))
                    .as("%s gets an API key per role", application)
                    .containsExactlyInAnyOrder("CALLLOG_ACCESS_KEYS_INGEST_SHA256", "CALLLOG_ACCESS_KEYS_INGEST_ROLES",
                            "CALLLOG_ACCESS_KEYS_READ_SHA256", "CALLLOG_ACCESS_KEYS_READ_ROLES",
                            "CALLLOG_ACCESS_KEYS_ADMIN_SHA256", "CALLLOG_ACCESS_KEYS_ADMIN_ROLES",
                            "CALLLOG_ACCESS_KEYS_PRIVACY_SHA256", "CALLLOG_ACCESS_KEYS_PRIVACY_ROLES");
            assertThat(environment.get("SPRING_DATASOURCE_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
        }
        Map<String, Object> query = section((Map<String, Object>) services.get("call-query"), "environment");
        assertThat(query.get("SPRING_DATA_MONGODB_URI").toString())
                .startsWith("mongodb://mongo:27017/").contains("replicaSet=rs0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFrontDoorRoutesWritesToCallCommandAndReadsToCallQuery() throws IOException {
        Map<String, Object> services = services();
        String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));
        Matcher upstreams = Pattern.compile("upstream (\\w+)\\s*\\{\\s*(?:\\w+;\\s*)*server ([\\w-]+):(\\d+);")
                .matcher(nginx);
        int found = 0;
        while (upstreams.find()) {
            found++;
            Map<String, Object> service = (Map<String, Object>) services.get(upstreams.group(2));
            assertThat(service).as("compose service " + upstreams.group(2)).isNotNull();
            assertThat(section(service, "environment")).containsEntry("SERVER_PORT", upstreams.group(3));
        }
        assertThat(found).isEqualTo(3); // call_command, call_query and the dashboard's sticky call_query_dashboard
        assertThat(nginx).containsPattern("location = /api/events \\{\\s*proxy_pass http://call_command;")
                .containsPattern("location ~ \\^/api/calls/\\[\\^/\\]\\+/events\\$ \\{\\s*proxy_pass http://\\$call_events_upstream;")
                .containsPattern("map \\$request_method \\$call_events_upstream \\{\\s*GET\\s+call_query;\\s*HEAD\\s+call_query;\\s*default\\s+call_command;")
                .containsPattern("location / \\{\\s*proxy_pass http://call_query;")
                .containsPattern("location ~ \\^/api/\\(changes\\|calls/\\[\\^/\\]\\+\\)/stream\\$ \\{\\s*proxy_pass http://call_query;[^}]*proxy_buffering off;[^}]*proxy_read_timeout 1h;")
                .containsPattern("location /streams/ \\{\\s*proxy_pass http://call_query_dashboard;[^}]*proxy_buffering off;"
                        + "[^}]*proxy_read_timeout 1h;")
                .containsPattern("upstream call_query_dashboard \\{ ip_hash; server call-query:8082; }")
                .contains("proxy_next_upstream error timeout http_503 non_idempotent;")
                .contains("listen 3000;");
        Map<String, Object> frontDoor = (Map<String, Object>) services.get("front-door");
        assertThat((List<String>) frontDoor.get("volumes")).contains("./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro");
    }

    /**
     * The settings an application has: its own {@code application.properties} and the defaults of the modules it is
     * made of (the event store's, the web layer's and its side's).
     */
    private static Properties settingsOf(String application) throws IOException {
        String side = application.equals("call-command") ? "command" : "query";
        Properties read = new Properties();
        for (Path file : List.of(ROOT.resolve(application).resolve("src/main/resources/application.properties"),
                ROOT.resolve("event-store/src/main/resources/io/calllog/eventstore/event-store.properties"),
                ROOT.resolve("api-access/src/main/resources/io/calllog/access/api-defaults.properties"),
                ROOT.resolve(application).resolve("src/main/resources/io/calllog/" + side + "/" + side
                        + "-defaults.properties"))) {
            try (InputStream in = Files.newInputStream(file)) {
                read.load(in);
            }
        }
        return read;
    }

    /** What the scale-out run taught (ScaleOutTest): services come back by themselves, images stay small. */
    @Test
    @SuppressWarnings("unchecked")
    void everyServiceRestartsByItselfAndReportsItsHealthAndTheImagesLeaveBuildOutputOut() throws IOException {
        services().forEach((name, service) -> {
            Map<String, Object> declared = (Map<String, Object>) service;
            assertThat(declared.get("restart")).as(name).isEqualTo("unless-stopped");
            assertThat(declared).as(name + " has a health check").containsKey("healthcheck");
        });
        for (String application : List.of("call-command", "call-query")) {
            String probe = String.join(" ", (List<String>) section(section(services(), application), "healthcheck")
                    .get("test"));
            // the same readiness probe the processes are started against (AppProcess)
            assertThat(probe).contains("/actuator/health/readiness").contains("grep -q UP");
        }
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignored).contains("**/target/", "data/", ".git/", ".env");
    }

    /** The API keys' properties, a map by key name (docs/security.md): no fixed name to find in the defaults. */
    private static final Pattern API_KEY = Pattern.compile("calllog\\.access\\.keys\\.[a-z0-9-]+\\.(sha256|roles)");

    /** Spring's relaxed binding of an environment variable: SPRING_DATA_MONGODB_URI is spring.data.mongodb.uri. */
    private static String relaxed(String variable) {
        return variable.toLowerCase().replace('_', '.');
    }
}
