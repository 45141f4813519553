package io.calllog.app;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docker-compose.yml} as the tests read it: {@code DockerComposeTest} checks it, and the scale-out test starts
 * each application with the environment it gives, variables filled in, so that both read one file the same way.
 */
public final class ComposeFile {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::?[?-][^}]*)?}");

    private ComposeFile() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> services() {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            return (Map<String, Object>) ((Map<String, Object>) new Yaml().load(in)).get("services");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's environment as compose would give it, {@code ${NAME...}} taken from {@code variables} (.env). */
    @SuppressWarnings("unchecked")
    public static Map<String, String> environment(String service, Map<String, String> variables) {
        Map<String, Object> declared = (Map<String, Object>) ((Map<String, Object>) services().get(service))
                .get("environment");
        Map<String, String> environment = new LinkedHashMap<>();
        declared.forEach((name, value) -> {
            Matcher variable = VARIABLE.matcher(String.valueOf(value));
            StringBuilder filled = new StringBuilder();
            while (variable.find()) {
                String given = variables.get(variable.group(1));
                if (given == null) {
                    throw new IllegalArgumentException(service + "." + name + " needs " + variable.group(1));
                }
                variable.appendReplacement(filled, Matcher.quoteReplacement(given));
            }
            variable.appendTail(filled);
            environment.put(name, filled.toString());
        });
        return environment;
    }
}
