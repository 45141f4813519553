package io.calllog.app.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, on the all-in-one app: every endpoint but the health probes needs an API key; each key may call
 * the endpoints of its roles only; refusals are 401 and 403 problems, and a refused write stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiAccessTest {

    private static final String STARTED = """
            {"type":"started","campaignUuid":"c1","recordUuid":"r1","direction":"outbound"}""";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void withoutAKeyEveryEndpointButTheProbesIsA401Problem() {
        ApiClient anonymous = new ApiClient(port).withKey(null);
        for (String path : new String[]{"/api/calls", "/api/calls/x", "/api/reports/campaigns",
                "/api/admin/projections", "/api/openapi", "/api/docs", "/actuator/health", "/actuator/prometheus",
                "/no/such/path"}) {
            assertUnauthenticated(anonymous.get(path), path);
        }
        assertUnauthenticated(anonymous.postEvent("call_anonymous", STARTED), "POST /api/calls/{uuid}/events");
        assertUnauthenticated(anonymous.postBatch("{\"events\":[]}"), "POST /api/events");
        assertUnauthenticated(anonymous.post("/api/admin/projections/calls/replay"), "POST replay");

        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(new ApiClient(port).get("/api/calls/call_anonymous").status()).isEqualTo(404);
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIsA401Problem() {
        ApiClient client = new ApiClient(port);
        ApiClient.Response unknown = client.withKey("clk_not-one-of-ours").get("/api/calls");
        assertUnauthenticated(unknown, "unknown key");
        assertThat(unknown.json().get("detail").asText()).isEqualTo("unknown API key");

        // a key differing from a real one in its last character only
        String almost = TestApiKeys.READ.substring(0, TestApiKeys.READ.length() - 1) + "X";
        assertUnauthenticated(client.withKey(almost).get("/api/calls"), "almost a key");
        assertUnauthenticated(client.withAuthorization("Basic dXNlcjpwYXNz").get("/api/calls"), "basic");
        assertUnauthenticated(client.withAuthorization("Bearer").get("/api/calls"), "no key after Bearer");
        assertUnauthenticated(client.withAuthorization("Bearer a b").get("/api/calls"), "two words");
    }

    @Test
    void eachKeyCallsTheEndpointsOfItsRolesOnly() {
        ApiClient client = new ApiClient(port);
        ApiClient ingest = client.withKey(TestApiKeys.INGEST);
        ApiClient read = client.withKey(TestApiKeys.READ);
        ApiClient admin = client.withKey(TestApiKeys.ADMIN);

        assertForbidden(read.postEvent("call_by_reader", STARTED), "ingest");
        assertForbidden(admin.postBatch("{\"events\":[{\"callUuid\":\"call_by_admin\"," + STARTED.substring(1) + "]}"),
                "ingest");
        assertForbidden(ingest.get("/api/calls"), "read");
        assertForbidden(ingest.get("/api/calls/call_by_ingest"), "read");
        assertForbidden(ingest.get("/api/reports/campaigns"), "read");
        assertForbidden(read.get("/api/admin/projections"), "admin");
        assertForbidden(read.post("/api/admin/projections/calls/replay"), "admin");
        assertForbidden(ingest.get("/actuator/health"), "admin");

        assertThat(ingest.postEvent("call_by_ingest", STARTED).status()).isEqualTo(201);
        read.awaitCall("call_by_ingest", "in-progress");
        assertThat(read.get("/api/calls?campaignUuid=c1").json().get("total").asLong()).isEqualTo(1);
        assertThat(read.get("/api/reports/campaigns").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/projections").status()).isEqualTo(200);
        // let through: UP, or DOWN where the test's in-process MongoDB server lacks the 'hello' command Boot asks
        assertThat(admin.get("/actuator/health").status()).isIn(200, 503);
        // the API description is for any key
        assertThat(ingest.get("/api/openapi").status()).isEqualTo(200);

        // the refused writes stored nothing
        assertThat(read.get("/api/calls/call_by_reader").status()).isEqualTo(404);
        assertThat(read.get("/api/calls/call_by_admin").status()).isEqualTo(404);
        assertThat(ingest.postEvent("call_by_reader", "{\"type\":\"summarized\",\"summary\":\"s\"}").status())
                .as("the call was never started").isEqualTo(404);
    }

    private static void assertUnauthenticated(ApiClient.Response response, String what) {
        assertThat(response.status()).as(what).isEqualTo(401);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).as(what).isEqualTo("urn:call-log:problem:unauthenticated");
        assertThat(problem.get("status").asInt()).as(what).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
    }

    private static void assertForbidden(ApiClient.Response response, String role) {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:call-log:problem:forbidden");
        assertThat(problem.get("requiredRole").asText()).isEqualTo(role);
        assertThat(problem.get("detail").asText()).contains("'" + role + "'");
    }
}
