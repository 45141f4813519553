package io.calllog.testsupport;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What every served API description ({@code /api/openapi}) must be, checked the same way for each runnable: valid
 * OpenAPI 3.0.3 by swagger-parser (any message it has, error or warning, fails: none is expected), and what a
 * generated client needs beyond validity: an operationId and one tag per operation, a typed schema for every
 * parameter, the Bearer requirement on every operation but the open health probes, and the shared {@code Problem}
 * schema for every 4xx and 5xx answer.
 */
public final class OpenApiDocumentCheck {

    public static final String OPENAPI_VERSION = "3.0.3";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private OpenApiDocumentCheck() {
    }

    /** Every finding, empty when the document is all it must be. */
    public static List<String> findings(String document) {
        ParseOptions options = new ParseOptions();
        options.setValidateInternalRefs(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> findings = new ArrayList<>();
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(message -> findings.add("swagger-parser: " + message));
        }
        OpenAPI openApi = parsed.getOpenAPI();
        if (openApi == null) {
            findings.add("not an OpenAPI document");
            return findings;
        }
        if (!OPENAPI_VERSION.equals(openApi.getOpenapi())) {
            findings.add("declares OpenAPI " + openApi.getOpenapi() + ", not " + OPENAPI_VERSION);
        }
        if (openApi.getComponents() == null || openApi.getComponents().getSecuritySchemes() == null
                || !openApi.getComponents().getSecuritySchemes().containsKey("bearerAuth")) {
            findings.add("declares no bearerAuth security scheme");
        }
        if (openApi.getPaths() == null || openApi.getPaths().isEmpty()) {
            findings.add("describes no operation");
            return findings;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                check(method + " " + path, operation, findings)));
        return findings;
    }

    private static void check(String where, Operation operation, List<String> findings) {
        if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
            findings.add(where + ": no operationId");
        }
        if (operation.getTags() == null || operation.getTags().size() != 1) {
            findings.add(where + ": tagged " + operation.getTags() + ", not with one capability");
        }
        boolean probe = operation.getTags() != null && operation.getTags().contains("Health");
        boolean secured = operation.getSecurity() != null && operation.getSecurity().stream()
                .anyMatch(requirement -> requirement.containsKey("bearerAuth"));
        if (probe == secured) {
            findings.add(where + (probe ? ": a probe, yet asks for a key" : ": does not declare the Bearer key"));
        }
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getSchema() == null || parameter.getSchema().getType() == null) {
                    findings.add(where + ": parameter " + parameter.getName() + " has no typed schema");
                }
            }
        }
        operation.getResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                boolean problem = response.getContent() != null
                        && response.getContent().get("application/problem+json") != null
                        && PROBLEM_REF.equals(response.getContent().get("application/problem+json").getSchema().get$ref());
                if (!problem && !probe) {
                    findings.add(where + ": " + status + " is not an application/problem+json Problem");
                }
            }
        });
    }
}
