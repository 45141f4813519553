package io.calllog.command.ingestion;

import io.calllog.testsupport.MockMvcWithTestKey;
import io.calllog.testsupport.OpenApiDocumentCheck;
import io.calllog.command.PostgresBackedContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The ingestion contract over HTTP, against a real PostgreSQL: every row of the ingestion table and every problem
 * response, and that a refused request stores nothing.
 */
@AutoConfigureMockMvc
@Import(MockMvcWithTestKey.class)
class IngestionApiTest extends PostgresBackedContext {

    static final String STARTED = """
            {"type": "started", "campaignUuid": "campaign_67890", "recordUuid": "record_12345",
             "direction": "outbound", "startedAt": "2026-04-20T15:00:00Z"}""";
    static final String COMPLETED = """
            {"type": "completed", "status": "completed", "duration": 145, "cost": 0.45,
             "recordingUrl": "https://storage.callcamp.com/recordings/call_12345.mp3"}""";

    @Autowired
    MockMvc mvc;

    String call;

    @BeforeEach
    void newCall() {
        call = newCallUuid();
    }

    ResultActions postEvent(String callUuid, String json) throws Exception {
        return mvc.perform(post("/api/calls/{uuid}/events", callUuid).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    ResultActions postEvent(String json) throws Exception {
        return postEvent(call, json);
    }

    ResultActions postBatch(String json) throws Exception {
        return mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    static String line(int seq, String role, String text) {
        return """
                {"type": "transcript", "seq": %d, "role": "%s", "text": "%s"}""".formatted(seq, role, text);
    }

    ResultActions expectProblem(ResultActions response, int status, String field) throws Exception {
        return response.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));
    }

    @Test
    void servesAValidOpenApiDescriptionOfTheIngestionApi() throws Exception {
        String document = mvc.perform(get("/api/openapi")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/calls/{uuid}/events'].post.operationId").value("postCallEvent"))
                .andExpect(jsonPath("$.paths['/api/events'].post.operationId").value("postEvents"))
                .andExpect(jsonPath("$.paths['/api/calls']").doesNotExist())
                .andExpect(jsonPath("$.components.schemas.CallEvent.discriminator.propertyName").value("type"))
                .andExpect(jsonPath("$.components.schemas.CallEvent.discriminator.mapping.transcript")
                        .value("#/components/schemas/TranscriptEvent"))
                .andExpect(jsonPath("$.components.schemas.TranscriptEvent.properties.type.enum[0]").value("transcript"))
                .andReturn().getResponse().getContentAsString();
        assertThat(OpenApiDocumentCheck.findings(document)).isEmpty();
    }

    @Nested
    class Started {

        @Test
        void isRecordedOnce() throws Exception {
            postEvent(STARTED).andExpect(status().isCreated())
                    .andExpect(header().string("Location", "/api/calls/" + call))
                    .andExpect(jsonPath("$.outcome").value("recorded"))
                    .andExpect(jsonPath("$.type").value("started"));
            assertThat(storedEventTypes(call)).containsExactly("CallStarted");
        }

        @Test
        void theSameAgainIsANoOp() throws Exception {
            postEvent(STARTED).andExpect(status().isCreated());
            postEvent(STARTED).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("duplicate"));
            assertThat(storedEvents(call)).isEqualTo(1);
        }

        @Test
        void theSameAgainWithoutStartedAtIsANoOp() throws Exception {
            postEvent(STARTED).andExpect(status().isCreated());
            postEvent(STARTED.replace(", \"startedAt\": \"2026-04-20T15:00:00Z\"", "")).andExpect(status().isOk());
            assertThat(storedEvents(call)).isEqualTo(1);
        }

        @Test
        void aDifferentOneIsAConflictNamingTheField() throws Exception {
            postEvent(STARTED).andExpect(status().isCreated());
            expectProblem(postEvent(STARTED.replace("campaign_67890", "campaign_other")), 409, "campaignUuid")
                    .andExpect(jsonPath("$.type").value("urn:call-log:problem:conflicting-event"));
            assertThat(storedEvents(call)).isEqualTo(1);
        }

        @Test
        void isStoredAsJsonInAByteaColumnWithItsRevision() throws Exception {
            postEvent(STARTED).andExpect(status().isCreated());
            var row = jdbc.queryForMap("SELECT payload, payload_revision, pg_typeof(payload)::text AS column_type "
                    + "FROM domain_event_entry WHERE aggregate_identifier = ?", call);
            assertThat(row.get("column_type")).isEqualTo("bytea");
            assertThat(row.get("payload_revision")).isEqualTo("1");
            assertThat(new String((byte[]) row.get("payload"))).contains("\"direction\":\"outbound\"")
                    .contains("\"startedAt\":\"2026-04-20T15:00:00Z\"");
        }
    }

    @Nested
    class Transcript {

        @Test
        void isAcceptedAfterStarted() throws Exception {
            postEvent(STARTED);
            postEvent(line(0, "assistant", "Hello, this is Sarah")).andExpect(status().isCreated());
            postEvent(line(1, "user", "Hi")).andExpect(status().isCreated());
            assertThat(storedEventTypes(call)).containsExactly("CallStarted", "TranscriptLineAppended",
                    "TranscriptLineAppended");
        }

        @Test
        void forACallThatHasNotStartedIsNotFound() throws Exception {
            postEvent(line(0, "assistant", "Hello")).andExpect(status().isNotFound())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("urn:call-log:problem:call-not-started"))
                    .andExpect(jsonPath("$.detail", containsString(call)));
            assertThat(storedEvents(call)).isZero();
        }

        @Test
        void theSameSeqAndTextAgainIsANoOp() throws Exception {
            postEvent(STARTED);
            postEvent(line(0, "assistant", "Hello")).andExpect(status().isCreated());
            postEvent(line(0, "assistant", "Hello")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.outcome").value("duplicate"));
            assertThat(storedEvents(call)).isEqualTo(2);
        }

        @Test
        void theSameSeqWithOtherTextIsAConflict() throws Exception {
            postEvent(STARTED);
            postEvent(line(0, "assistant", "Hello"));
            expectProblem(postEvent(line(0, "assistant", "Goodbye")), 409, "seq");
            assertThat(storedEvents(call)).isEqualTo(2);
        }

        @Test
        void isAcceptedAfterTheCallEnded() throws Exception {
            postEvent(STARTED);
            postEvent(COMPLETED).andExpect(status().isCreated());
            postEvent(line(5, "user", "late speech-to-text")).andExpect(status().isCreated());
            assertThat(storedEventTypes(call)).containsExactly("CallStarted", "CallCompleted", "TranscriptLineAppended");
        }
    }

    @Nested
    class Completed {

        @Test
        void isRecordedOnceAndTheSameAgainIsANoOp() throws Exception {
            postEvent(STARTED);
            postEvent(COMPLETED).andExpect(status().isCreated());
            postEvent(COMPLETED).andExpect(status().isOk());
            assertThat(storedEventTypes(call)).containsExactly("CallStarted", "CallCompleted");
        }

        @Test
        void aDifferentOneIsAConflictNamingTheFields() throws Exception {
            postEvent(STARTED);
            postEvent(COMPLETED);
            expectProblem(postEvent(COMPLETED.replace("\"status\": \"completed\"", "\"status\": \"no-answer\"")),
                    409, "status");
            assertThat(storedEvents(call)).isEqualTo(2);
        }

        @Test
        void forACallThatHasNotStartedIsNotFound() throws Exception {
            postEvent(COMPLETED).andExpect(status().isNotFound());
            assertThat(storedEvents(call)).isZero();
        }
    }

    @Nested
    class Summarized {

        static final String SUMMARY = """
                {"type": "summarized", "summary": "Customer expressed interest."}""";

        @Test
        void mayComeAgainAndTheLatestWins() throws Exception {
            postEvent(STARTED);
            postEvent(SUMMARY).andExpect(status().isCreated());
            postEvent(SUMMARY).andExpect(status().isOk());
            postEvent(SUMMARY.replace("expressed interest", "declined")).andExpect(status().isCreated());
            assertThat(storedEventTypes(call)).containsExactly("CallStarted", "CallSummarized", "CallSummarized");
        }

        @Test
        void forACallThatHasNotStartedIsNotFound() throws Exception {
            postEvent(SUMMARY).andExpect(status().isNotFound());
            assertThat(storedEvents(call)).isZero();
        }
    }

    @Nested
    class Problems {

        @Test
        void malformedJson() throws Exception {
            expectProblem(postEvent("{\"type\": \"started\", "), 400, "(body)")
                    .andExpect(jsonPath("$.type").value("urn:call-log:problem:malformed-json"));
        }

        @Test
        void missingBody() throws Exception {
            expectProblem(postEvent(""), 400, "(body)");
        }

        @Test
        void notAnObject() throws Exception {
            expectProblem(postEvent("[1, 2]"), 400, "(event)");
        }

        @Test
        void missingField() throws Exception {
            expectProblem(postEvent(STARTED.replace("\"campaignUuid\": \"campaign_67890\",", "")), 400, "campaignUuid")
                    .andExpect(jsonPath("$.errors[0].reason").value("is required"));
        }

        @Test
        void invalidEnumValueListsTheAllowedOnes() throws Exception {
            expectProblem(postEvent(STARTED.replace("outbound", "sideways")), 400, "direction")
                    .andExpect(jsonPath("$.errors[0].reason", containsString("outbound, inbound")));
        }

        @Test
        void unknownEventType() throws Exception {
            expectProblem(postEvent("{\"type\": \"hangup\"}"), 400, "type")
                    .andExpect(jsonPath("$.errors[0].reason", containsString("started, transcript, completed, summarized")));
        }

        @Test
        void missingEventType() throws Exception {
            expectProblem(postEvent("{\"seq\": 1}"), 400, "type");
        }

        @Test
        void unknownField() throws Exception {
            expectProblem(postEvent(STARTED.replace("\"direction\"", "\"dirction\": 1, \"direction\"")), 400, "dirction");
        }

        @Test
        void negativeSeq() throws Exception {
            expectProblem(postEvent(line(-1, "user", "x")), 400, "seq");
        }

        @Test
        void fractionalSeq() throws Exception {
            expectProblem(postEvent("{\"type\": \"transcript\", \"seq\": 1.5, \"role\": \"user\", \"text\": \"x\"}"),
                    400, "seq");
        }

        @Test
        void seqAsText() throws Exception {
            expectProblem(postEvent("{\"type\": \"transcript\", \"seq\": \"1\", \"role\": \"user\", \"text\": \"x\"}"),
                    400, "seq");
        }

        @Test
        void numberWhereTextBelongs() throws Exception {
            expectProblem(postEvent(STARTED.replace("\"campaign_67890\"", "67890")), 400, "campaignUuid");
        }

        @Test
        void oversizeText() throws Exception {
            postEvent(STARTED);
            expectProblem(postEvent(line(0, "user", "x".repeat(10_001))), 400, "text")
                    .andExpect(jsonPath("$.errors[0].reason", containsString("10000")));
            postEvent(line(0, "user", "x".repeat(10_000))).andExpect(status().isCreated());
        }

        @Test
        void emptyText() throws Exception {
            expectProblem(postEvent(line(0, "user", "")), 400, "text");
        }

        @Test
        void negativeDurationAndCost() throws Exception {
            ResultActions response = postEvent(COMPLETED.replace("145", "-1").replace("0.45", "-0.01"));
            expectProblem(response, 400, "duration").andExpect(jsonPath("$.errors[*].field", hasItem("cost")));
        }

        @Test
        void recordingUrlThatIsNotHttp() throws Exception {
            expectProblem(postEvent(COMPLETED.replace("https://storage", "ftp://storage")), 400, "recordingUrl");
        }

        @Test
        void startedAtThatIsNotIso8601() throws Exception {
            expectProblem(postEvent(STARTED.replace("2026-04-20T15:00:00Z", "20/04/2026 15:00")), 400, "startedAt");
        }

        @Test
        void badUuidInThePath() throws Exception {
            expectProblem(postEvent("call!bad", STARTED), 400, "uuid");
            expectProblem(postEvent("c".repeat(129), STARTED), 400, "uuid");
            postEvent("c".repeat(128), STARTED).andExpect(status().isCreated());
        }

        @Test
        void callUuidInTheBodyThatDiffersFromThePath() throws Exception {
            expectProblem(postEvent(STARTED.replace("{", "{\"callUuid\": \"another\", ")), 400, "callUuid");
            postEvent(STARTED.replace("{", "{\"callUuid\": \"" + call + "\", ")).andExpect(status().isCreated());
        }

        @Test
        void wrongContentType() throws Exception {
            ResultActions response = mvc.perform(post("/api/calls/{uuid}/events", call)
                    .contentType(MediaType.TEXT_PLAIN).content(STARTED));
            expectProblem(response, 415, "Content-Type");
        }

        @Test
        void nothingIsStoredByARefusedRequest() throws Exception {
            postEvent(STARTED.replace("outbound", "sideways")).andExpect(status().isBadRequest());
            postEvent(STARTED.replace("}", ", \"extra\": true}")).andExpect(status().isBadRequest());
            assertThat(storedEvents(call)).isZero();
        }
    }

    @Nested
    class Batch {

        String batchItem(String callUuid, String json) {
            return json.replaceFirst("\\{", "{\"callUuid\": \"" + callUuid + "\", ");
        }

        String batch(String... items) {
            return "{\"events\": [" + String.join(", ", items) + "]}";
        }

        @Test
        void answersPerItemInOrderAndStoresEachCallsEventsInOrder() throws Exception {
            String other = newCallUuid();
            String never = newCallUuid();
            postBatch(batch(
                    batchItem(call, STARTED),
                    batchItem(other, STARTED),
                    batchItem(call, line(0, "assistant", "Hello")),
                    batchItem(other, line(0, "assistant", "Hi")),
                    batchItem(call, line(0, "assistant", "Different")),
                    batchItem(never, line(0, "user", "orphan")),
                    batchItem(call, line(1, "user", "x".repeat(10_001))),
                    batchItem(call, COMPLETED),
                    batchItem(call, STARTED)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.recorded").value(5))
                    .andExpect(jsonPath("$.duplicates").value(1))
                    .andExpect(jsonPath("$.rejected").value(3))
                    .andExpect(jsonPath("$.results[*].status").value(
                            org.hamcrest.Matchers.contains(201, 201, 201, 201, 409, 404, 400, 201, 200)))
                    .andExpect(jsonPath("$.results[4].problem.errors[0].field").value("seq"))
                    .andExpect(jsonPath("$.results[5].outcome").value("not-found"))
                    .andExpect(jsonPath("$.results[6].problem.errors[0].field").value("events[6].text"))
                    .andExpect(jsonPath("$.results[8].outcome").value("duplicate"));
            assertThat(storedEventTypes(call)).containsExactly("CallStarted", "TranscriptLineAppended", "CallCompleted");
            assertThat(storedEventTypes(other)).containsExactly("CallStarted", "TranscriptLineAppended");
            assertThat(storedEvents(never)).isZero();
        }

        @Test
        void anItemWithoutCallUuidIsInvalid() throws Exception {
            postBatch(batch(STARTED)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.results[0].status").value(400))
                    .andExpect(jsonPath("$.results[0].problem.errors[0].field").value("events[0].callUuid"));
        }

        @Test
        void anItemWithABadCallUuidIsInvalid() throws Exception {
            postBatch(batch(batchItem("bad uuid", STARTED))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.results[0].problem.errors[0].field").value("events[0].callUuid"));
        }

        @Test
        void tooManyItemsIsRefusedAsAWhole() throws Exception {
            String items = IntStream.range(0, 1_001)
                    .mapToObj(i -> batchItem(call, i == 0 ? STARTED : line(i, "user", "line " + i)))
                    .collect(Collectors.joining(", "));
            expectProblem(postBatch("{\"events\": [" + items + "]}"), 413, "events")
                    .andExpect(jsonPath("$.type").value("urn:call-log:problem:too-many-items"));
            assertThat(storedEvents(call)).isZero();
        }

        @Test
        void aThousandItemsAreAccepted() throws Exception {
            String items = IntStream.range(0, 1_000)
                    .mapToObj(i -> batchItem(call, i == 0 ? STARTED : line(i, "user", "line " + i)))
                    .collect(Collectors.joining(", "));
            postBatch("{\"events\": [" + items + "]}").andExpect(status().isOk())
                    .andExpect(jsonPath("$.recorded").value(1_000));
            assertThat(storedEvents(call)).isEqualTo(1_000);
        }

        @Test
        void anEmptyMissingOrWronglyShapedBatchIsRefused() throws Exception {
            expectProblem(postBatch("{\"events\": []}"), 400, "events");
            expectProblem(postBatch("{}"), 400, "events");
            expectProblem(postBatch("{\"events\": {}}"), 400, "events");
            expectProblem(postBatch("{\"events\": [], \"extra\": 1}"), 400, "extra");
            expectProblem(postBatch("[]"), 400, "(body)");
            expectProblem(postBatch("{\"events\": ["), 400, "(body)");
        }

        @Test
        void wrongContentType() throws Exception {
            expectProblem(mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_XML).content("<events/>")),
                    415, "Content-Type");
        }
    }
}
