package io.calllog.access;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The parts of the OpenAPI document ({@code /api/openapi}) that every runnable shares, whichever sides it hosts: the
 * product's info, the Bearer scheme applied as {@link EndpointAccess} decides, the one problem schema every refusal
 * answers with, the tags operations are grouped by, and the open health probes. Each side describes its own
 * operations with annotations beside its controllers. Applications import this class explicitly, as they import
 * {@link ApiAccessConfiguration}. The decisions are in docs/api-description.md.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescriptionConfiguration {

    /** The OpenAPI version the document declares: 3.0.3, which today's client generators support fully. */
    static final String OPENAPI_VERSION = "3.0.3";
    static final String BEARER = "bearerAuth";
    /** The schema of every problem response ({@code application/problem+json}), named for {@code $ref}s. */
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    static final String FIELD_ERROR = "FieldError";

    /** The tags operations are grouped by, in the order a reader meets them. */
    public static final String INGESTION = "Ingestion";
    public static final String CALLS = "Calls";
    public static final String REPORTS = "Reports";
    public static final String PROJECTIONS = "Projections";
    public static final String CHANGES = "Changes";
    public static final String WEBHOOKS = "Webhooks";
    public static final String PRIVACY = "Privacy";
    static final String HEALTH = "Health";

    @Bean
    OpenAPI callLogApiDescription() {
        return new OpenAPI(SpecVersion.V30)
                .info(new Info()
                        .title("Call Log Service API")
                        .version(projectVersion())
                        .description("An event-sourced call log for AI voice-calling campaigns. Telephony workers "
                                + "post what happens on every call (Ingestion); dashboards read the calls (Calls) "
                                + "and the reports built by replaying history (Reports); operators administer the "
                                + "projections (Projections). Every operation but the health probes needs an API "
                                + "key as `Authorization: Bearer <key>` with the role the operation names. Every "
                                + "refusal is an RFC 9457 problem (`application/problem+json`) whose `errors` name "
                                + "the fields or parameters at fault.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("API key")
                                .description("An API key (`clk_...`) with the role the operation needs: ingest, "
                                        + "read, admin or privacy. No role implies another.")))
                .tags(new ArrayList<>(List.of(
                        new Tag().name(INGESTION).description("Telephony workers post the events of their calls"),
                        new Tag().name(CALLS).description("The calls, as dashboards read them"),
                        new Tag().name(REPORTS).description("Reports built by replaying the event store"),
                        new Tag().name(CHANGES).description("What the event store holds: the resumable change feed "
                                + "and each call's stored history"),
                        new Tag().name(WEBHOOKS).description("Outbound webhooks, signed per Standard Webhooks: "
                                + "endpoints, their secrets, the delivery ledger, retries and replays"),
                        new Tag().name(PRIVACY).description("Erasure of personal data: the data key of a call or "
                                + "of a record's calls is destroyed, so transcripts, summaries and recording URLs "
                                + "are gone everywhere while the calls' other facts stay"),
                        new Tag().name(PROJECTIONS).description("Projection state, replays, dead letters and the "
                                + "reconciliation check"),
                        new Tag().name(HEALTH).description("The orchestrator's probes: open, no key"))));
    }

    @Bean
    OpenApiCustomizer accessAndProblemResponses() {
        return new AccessAndProblemResponses();
    }

    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem. Members beyond these name what was refused or asked for, for "
                        + "example `callUuid`, `uuid`, `campaignUuid`, `projection`, `requiredRole` or "
                        + "`retryAfterSeconds`.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("What kind of problem, stable: `urn:call-log:problem:...`")
                        .example("urn:call-log:problem:invalid-query"))
                .addProperty("title", new StringSchema().description("A short summary of the problem's type"))
                .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)).description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request"))
                .addProperty("instance", new StringSchema().format("uri")
                        .description("The request path, where given"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref(FIELD_ERROR))
                        .description("Each field or parameter at fault, and why"))
                .required(List.of("type", "title", "status"));
    }

    static Schema<?> fieldErrorSchema() {
        return new ObjectSchema()
                .description("One reason a request was refused, naming the field as a path into the posted JSON "
                        + "(`events[3].text`) or the query parameter (`status`)")
                .addProperty("field", new StringSchema().example("status"))
                .addProperty("reason", new StringSchema()
                        .example("must be one of in-progress, completed, failed, busy, no-answer"))
                .required(List.of("field", "reason"));
    }

    private static String projectVersion() {
        try (InputStream in = ApiDescriptionConfiguration.class.getResourceAsStream("api-description.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
