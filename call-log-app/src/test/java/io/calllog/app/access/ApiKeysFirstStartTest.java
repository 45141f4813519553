package io.calllog.app.access;

import io.calllog.app.CallLogApplication;
import io.calllog.testsupport.ApiClient;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default with no key configured (the test keys left out): its first start creates a key per role,
 * prints them once and keeps only their hashes in the data directory; a restart keeps them and prints nothing. It
 * listens on the loopback address only.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeysFirstStartTest {

    private static final Pattern PRINTED_KEY = Pattern.compile("^\\s+(ingest|read|admin|privacy)\\s+(clk_[A-Za-z0-9_-]{43})$",
            Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // only the app's own properties: not the test keys that test-support adds to every other test
        return new SpringApplicationBuilder(CallLogApplication.class).run("--server.port=0",
                "--calllog.data-dir=" + dataDir, "--spring.config.location=classpath:/application.properties");
    }

    @Test
    void theFirstStartCreatesAndPrintsOneKeyPerRoleOnceAndKeepsOnlyTheirHashes(CapturedOutput output)
            throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        try (ConfigurableApplicationContext app = start()) {
            Matcher printed = PRINTED_KEY.matcher(output.getOut());
            while (printed.find()) {
                keys.put(printed.group(1), printed.group(2));
            }
            assertThat(keys).containsOnlyKeys("ingest", "read", "admin", "privacy");
            assertThat(new java.util.HashSet<>(keys.values())).hasSize(4);
            assertRolesHold(ApiClient.of(app), keys);

            JettyWebServer server = (JettyWebServer) ((WebServerApplicationContext) app).getWebServer();
            ServerConnector connector = (ServerConnector) server.getServer().getConnectors()[0];
            assertThat(InetAddress.getByName(connector.getHost())).isEqualTo(InetAddress.getByName("127.0.0.1"));
        }
        String file = Files.readString(dataDir.resolve("api-keys.properties"));
        keys.values().forEach(key -> assertThat(file).doesNotContain(key).doesNotContain(key.substring(4)));
        assertThat(file).contains("ingest.sha256=", "read.sha256=", "admin.sha256=", "privacy.sha256=");

        int printedBefore = output.getOut().length();
        try (ConfigurableApplicationContext app = start()) {
            assertThat(output.getOut().substring(printedBefore)).doesNotContain("clk_").doesNotContain("API keys created");
            assertRolesHold(ApiClient.of(app), keys);
        }
    }

    @Test
    void aKeysFileWrittenBeforeThePrivacyRoleGainsAPrivacyKeyPrintedOnce(CapturedOutput output) throws Exception {
        String admin = "clk_" + "a".repeat(43);
        Files.writeString(dataDir.resolve("api-keys.properties"), "admin.sha256="
                + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(admin.getBytes(java.nio.charset.StandardCharsets.UTF_8))) + "\nadmin.roles=admin\n"
                + "ingest.sha256=" + "0".repeat(64) + "\ningest.roles=ingest\nread.sha256=" + "1".repeat(64)
                + "\nread.roles=read\n");
        try (ConfigurableApplicationContext app = start()) {
            Matcher printed = PRINTED_KEY.matcher(output.getOut());
            assertThat(printed.find()).isTrue();
            assertThat(printed.group(1)).isEqualTo("privacy");
            String privacy = printed.group(2);
            assertThat(printed.find()).as("only the missing role's key").isFalse();
            ApiClient client = ApiClient.of(app);
            assertThat(client.withKey(admin).get("/api/admin/projections").status()).isEqualTo(200);
            assertThat(client.withKey(admin).request("POST", "/api/records/r/erasure", "application/json",
                    "{\"reason\": \"r\"}").status()).isEqualTo(403);
            assertThat(client.withKey(privacy).request("POST", "/api/records/r/erasure", "application/json",
                    "{\"reason\": \"r\"}").status()).isEqualTo(202);
        }
        assertThat(Files.readString(dataDir.resolve("api-keys.properties"))).contains("admin.sha256=",
                "privacy.sha256=", "privacy.roles=privacy");
    }

    private static void assertRolesHold(ApiClient client, Map<String, String> keys) {
        assertThat(client.withKey(keys.get("read")).get("/api/calls").status()).isEqualTo(200);
        assertThat(client.withKey(keys.get("ingest")).get("/api/calls").status()).isEqualTo(403);
        assertThat(client.withKey(keys.get("admin")).get("/api/admin/projections").status()).isEqualTo(200);
        assertThat(client.withKey(keys.get("read")).get("/api/admin/projections").status()).isEqualTo(403);
        assertThat(client.withKey(keys.get("ingest")).postEvent("call_first_start",
                "{\"type\":\"started\",\"campaignUuid\":\"c\",\"recordUuid\":\"r\",\"direction\":\"inbound\"}")
                .status()).isIn(200, 201);
    }
}
