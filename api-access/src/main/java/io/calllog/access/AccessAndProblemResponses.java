package io.calllog.access;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Completes every operation of the served document with what holds for all of them, so that no controller repeats
 * it: the Bearer requirement and the role from {@link EndpointAccess} (the table the security filter itself reads),
 * the refusals every endpoint can answer (400, 401, 403, 503; 404 where the path names a resource; 415 where a body
 * is posted), one problem schema for every 4xx and 5xx, and {@code application/json} for answers whose media type
 * the controller left open. It also adds the open health probes and drops tags no operation uses.
 */
final class AccessAndProblemResponses implements OpenApiCustomizer {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.setOpenapi(ApiDescriptionConfiguration.OPENAPI_VERSION);
        // added here, not in the base document: springdoc drops schemas that no annotation refers to
        openApi.getComponents()
                .addSchemas(ApiDescriptionConfiguration.PROBLEM, ApiDescriptionConfiguration.problemSchema())
                .addSchemas(ApiDescriptionConfiguration.FIELD_ERROR, ApiDescriptionConfiguration.fieldErrorSchema());
        if (openApi.getPaths() != null) {
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    complete(HttpMethod.valueOf(method.name()), path, operation)));
        }
        addHealthProbes(openApi);
        dropUnusedTags(openApi);
    }

    private static void complete(HttpMethod method, String path, Operation operation) {
        EndpointAccess.Rule rule = EndpointAccess.ruleFor(method, path).orElse(null);
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        if (rule != null && rule.open()) {
            operation.setSecurity(List.of());
        } else {
            operation.setSecurity(List.of(new SecurityRequirement().addList(ApiDescriptionConfiguration.BEARER)));
            String role = rule == null || rule.role() == null ? "any role" : "the role `" + rule.role().key() + "`";
            operation.setDescription(join(operation.getDescription(), "Needs an API key with " + role + "."));
            responses.putIfAbsent("400", new ApiResponse().description("Invalid request: a bad, repeated or "
                    + "unknown parameter or field; the problem's `errors` name each. Nothing was changed."));
            responses.putIfAbsent("401", new ApiResponse().description("No API key, or not a known one "
                    + "(`WWW-Authenticate: Bearer`)")
                    .addHeaderObject("WWW-Authenticate", new Header().schema(new StringSchema())));
            responses.putIfAbsent("403", new ApiResponse().description("The API key lacks " + role
                    + "; the problem's `requiredRole` names it"));
            if (path.contains("{")) {
                responses.putIfAbsent("404", new ApiResponse().description("No such resource; the problem names "
                        + "the identifier asked for"));
            }
            if (operation.getRequestBody() != null) {
                responses.putIfAbsent("415", new ApiResponse().description("The body is not `application/json`"));
            }
            responses.putIfAbsent("503", new ApiResponse().description("A database cannot be reached now; nothing "
                    + "was changed; retry after the `Retry-After` seconds")
                    .addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())));
        }
        responses.forEach((status, response) -> {
            if (isRefusal(status)) {
                response.setContent(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref(ApiDescriptionConfiguration.PROBLEM_REF))));
            } else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                MediaType any = response.getContent().remove("*/*");
                response.getContent().putIfAbsent(JSON, any);
            }
        });
        // 4xx and 5xx in status order, after the answers
        Map<String, ApiResponse> ordered = new TreeMap<>(responses);
        responses.clear();
        responses.putAll(ordered);
    }

    private static boolean isRefusal(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    /** The open rules of {@link EndpointAccess} are the probes: documented as such, with no security. */
    private static void addHealthProbes(OpenAPI openApi) {
        Schema<?> health = new ObjectSchema()
                .addProperty("status", new StringSchema()._enum(List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN")))
                .required(List.of("status"));
        openApi.getComponents().addSchemas("HealthStatus", health);
        for (EndpointAccess.Rule rule : EndpointAccess.RULES) {
            if (!rule.open()) {
                continue;
            }
            String probe = rule.pattern().substring(rule.pattern().lastIndexOf('/') + 1);
            Content content = new Content().addMediaType(JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/HealthStatus")));
            Operation operation = new Operation()
                    .operationId("get" + probe.substring(0, 1).toUpperCase(Locale.ROOT) + probe.substring(1))
                    .summary("The " + probe + " probe")
                    .description("Open: needs no API key. `UP` (200) or not (503).")
                    .addTagsItem(ApiDescriptionConfiguration.HEALTH)
                    .security(List.of())
                    .responses(new ApiResponses()
                            .addApiResponse("200", new ApiResponse().description("Up").content(content))
                            .addApiResponse("503", new ApiResponse().description("Not up").content(content)));
            openApi.path(rule.pattern(), new PathItem().get(operation));
        }
    }

    private static void dropUnusedTags(OpenAPI openApi) {
        Set<String> used = new HashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getTags() != null) {
                used.addAll(operation.getTags());
            }
        }));
        if (openApi.getTags() != null) {
            List<Tag> kept = new ArrayList<>(openApi.getTags());
            kept.removeIf(tag -> !used.contains(tag.getName()));
            openApi.setTags(kept);
        }
    }

    private static String join(String description, String sentence) {
        return description == null || description.isBlank() ? sentence : description + " " + sentence;
    }
}
