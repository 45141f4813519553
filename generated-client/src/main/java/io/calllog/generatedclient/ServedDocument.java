package io.calllog.generatedclient;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.AppProcess;
import io.calllog.testsupport.TestApiKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (exec-maven-plugin, phase process-classes): starts the all-in-one app's runnable jar on its embedded
 * defaults, takes {@code /api/openapi} as the app serves it, writes it where openapi-generator reads it, and stops the
 * app. Arguments: the jar, the document to write, a working directory for the app's data (emptied first).
 */
public final class ServedDocument {

    private ServedDocument() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path document = Path.of(args[1]);
        Path dataDir = Path.of(args[2]);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no runnable jar at " + jar + ": build call-log-app first");
        }
        deleteRecursively(dataDir);
        List<String> arguments = new ArrayList<>(TestApiKeys.allRolesKeyArguments());
        arguments.add("--logging.level.root=WARN");
        try (AppProcess app = AppProcess.start(List.of("-Xmx384m", "-jar", jar.toString()), dataDir,
                AppProcess.freePort(), arguments)) {
            ApiClient.Response served = app.client().get("/api/openapi");
            if (served.status() != 200) {
                throw new IllegalStateException("GET /api/openapi answered " + served.status() + ": " + served.body());
            }
            Files.createDirectories(document.getParent());
            ObjectMapper json = new ObjectMapper();
            Files.writeString(document, json.writerWithDefaultPrettyPrinter().writeValueAsString(
                    json.readTree(served.body())));
        }
        System.out.println("Served OpenAPI document written to " + document);
        System.exit(0); // nothing of the probe's HTTP client may keep this JVM alive
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
