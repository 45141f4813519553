package io.calllog.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example call of the Calls API reference (docs/calls-api.md), kept by call-query as
 * {@code io/calllog/query/call/seed-call.json} (the API description's example too), and the events that produce it.
 */
final class SeedCall {

    static final String UUID = "call_12345";
    static final String STARTED = """
            {"type":"started","campaignUuid":"campaign_67890","recordUuid":"record_12345","direction":"outbound","startedAt":"2026-04-20T15:00:00Z"}""";
    static final String LINE_1 = """
            {"type":"transcript","seq":1,"role":"user","text":"I'm good, thanks for calling."}""";
    static final String LINE_0 = """
            {"type":"transcript","seq":0,"role":"assistant","text":"Hello, this is Sarah from Call Camp. How are you today?"}""";
    static final String COMPLETED = """
            {"type":"completed","status":"completed","duration":145,"cost":0.45,"recordingUrl":"https://storage.callcamp.com/recordings/call_12345.mp3"}""";
    static final String SUMMARIZED = """
            {"type":"summarized","summary":"Customer expressed interest in the promotion and requested a callback next Tuesday."}""";

    private SeedCall() {
    }

    static JsonNode expected() {
        try (InputStream in = SeedCall.class.getResourceAsStream("/io/calllog/query/call/seed-call.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every field of the seed is present with the same JSON type and value (extra fields may stand beside them). */
    static void assertMatchesSeed(JsonNode actual, JsonNode expected, String path) {
        assertThat(actual).as(path + " is missing").isNotNull();
        assertThat(actual.getNodeType()).as("JSON type of " + path).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertMatchesSeed(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("size of " + path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatchesSeed(actual.get(i), expected.get(i), path + "[" + i + "]");
            }
        } else if (expected.isNumber()) {
            assertThat(actual.isIntegralNumber()).as("integral number at " + path).isEqualTo(expected.isIntegralNumber());
            assertThat(actual.decimalValue()).as(path).isEqualByComparingTo(expected.decimalValue());
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
