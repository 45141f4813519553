package io.calllog.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentCheckTest {

    /** The shape the served document had before it was fixed: a query parameter with neither schema nor content. */
    private static final String PARAMETER_WITHOUT_SCHEMA = """
            {"openapi": "3.0.1", "info": {"title": "OpenAPI definition", "version": "v0"},
             "paths": {"/api/calls": {"get": {"operationId": "listCalls",
               "parameters": [{"name": "campaignUuid", "in": "query"}],
               "responses": {"200": {"description": "OK"}}}}}}""";

    private static final String GOOD = """
            {"openapi": "3.0.3", "info": {"title": "Call Log Service API", "version": "1"},
             "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
               "schemas": {"Problem": {"type": "object", "properties": {"type": {"type": "string"}}}}},
             "paths": {"/api/calls": {"get": {"operationId": "listCalls", "tags": ["Calls"],
               "security": [{"bearerAuth": []}],
               "parameters": [{"name": "campaignUuid", "in": "query", "schema": {"type": "string"}}],
               "responses": {"200": {"description": "OK"}, "400": {"description": "Bad",
                 "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}}}}""";

    @Test
    void refusesAParameterWithoutSchemaAndEverythingAGeneratedClientLacksThen() {
        assertThat(OpenApiDocumentCheck.findings(PARAMETER_WITHOUT_SCHEMA))
                .contains("swagger-parser: attribute paths.'/api/calls'(get).parameters.[campaignUuid].content is missing",
                        "declares OpenAPI 3.0.1, not 3.0.3", "declares no bearerAuth security scheme",
                        "GET /api/calls: parameter campaignUuid has no typed schema",
                        "GET /api/calls: tagged null, not with one capability",
                        "GET /api/calls: does not declare the Bearer key");
    }

    @Test
    void acceptsADocumentThatIsAllItMustBe() {
        assertThat(OpenApiDocumentCheck.findings(GOOD)).isEmpty();
    }
}
