package io.calllog.command.erasure;

import io.calllog.command.PostgresBackedContext;
import io.calllog.testsupport.MockMvcWithTestKey;
import io.calllog.testsupport.TestApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Personal data in the event store on PostgreSQL: stored sealed under its call's key, erased by destroying the key
 * (role {@code privacy}), and never taken again for an erased call.
 */
@AutoConfigureMockMvc
@Import(MockMvcWithTestKey.class)
class ErasureApiTest extends PostgresBackedContext {

    private static final String MARKER = "zanzibarquokka";

    @Autowired
    MockMvc mvc;

    private ResultActions postEvent(String call, String json) throws Exception {
        return mvc.perform(post("/api/calls/{uuid}/events", call).contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    private ResultActions erase(String path, String id, String body, String key) throws Exception {
        return mvc.perform(post(path, id).header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void storeCall(String call, String record) throws Exception {
        postEvent(call, """
                {"type": "started", "campaignUuid": "campaign_e", "recordUuid": "%s", "direction": "outbound"}"""
                .formatted(record)).andExpect(status().isCreated());
        postEvent(call, """
                {"type": "transcript", "seq": 0, "role": "user", "text": "my secret word is %s"}"""
                .formatted(MARKER)).andExpect(status().isCreated());
        postEvent(call, """
                {"type": "completed", "status": "completed", "duration": 42, "cost": 0.12,
                 "recordingUrl": "https://rec.example.com/%s.mp3"}""".formatted(MARKER))
                .andExpect(status().isCreated());
        postEvent(call, """
                {"type": "summarized", "summary": "The caller said %s."}""".formatted(MARKER))
                .andExpect(status().isCreated());
    }

    private List<String> payloads(String call) {
        return jdbc.queryForList("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number", byte[].class, call).stream()
                .map(payload -> new String(payload, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void personalFieldsAreStoredSealedUnderTheCallsKeyAndRetriesStillAreNoOps() throws Exception {
        String call = newCallUuid();
        storeCall(call, "record_" + call);

        assertThat(payloads(call)).hasSize(4).noneMatch(payload -> payload.contains(MARKER));
        assertThat(payloads(call).get(1)).contains("\"text\":{\"key\":");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM personal_data_key WHERE call_uuid = ?"
                + " AND data_key IS NOT NULL", Integer.class, call)).isOne();
        // the aggregate tells repeats from contradictions by keyed digests
        postEvent(call, """
                {"type": "transcript", "seq": 0, "role": "user", "text": "my secret word is %s"}"""
                .formatted(MARKER)).andExpect(status().isOk());
        postEvent(call, """
                {"type": "transcript", "seq": 0, "role": "user", "text": "something else"}""")
                .andExpect(status().isConflict());
        postEvent(call, """
                {"type": "summarized", "summary": "The caller said %s."}""".formatted(MARKER))
                .andExpect(status().isOk());
    }

    @Test
    void erasingACallDestroysItsKeyRecordsTheErasureOnceAndRefusesItsEventsAfterwards() throws Exception {
        String call = newCallUuid();
        storeCall(call, "record_" + call);

        erase("/api/calls/{uuid}/erasure", call, "{\"reason\": \"ticket 4711\"}", TestApiKeys.PRIVACY)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.recordUuid").value("record_" + call))
                .andExpect(jsonPath("$.calls[0].callUuid").value(call))
                .andExpect(jsonPath("$.calls[0].erasedNow").value(true));
        erase("/api/calls/{uuid}/erasure", call, "{\"reason\": \"ticket 4711\"}", TestApiKeys.PRIVACY)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.calls[0].erasedNow").value(false));

        assertThat(storedEventTypes(call)).containsExactly("CallStarted", "TranscriptLineAppended",
                "CallCompleted", "CallSummarized", "PersonalDataErased");
        assertThat(payloads(call).get(4)).contains("\"erasedBy\":\"test-privacy\"", "\"reason\":\"ticket 4711\"");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM personal_data_key WHERE call_uuid = ?"
                + " AND data_key IS NULL AND erased_at IS NOT NULL", Integer.class, call)).isOne();

        postEvent(call, """
                {"type": "transcript", "seq": 0, "role": "user", "text": "my secret word is %s"}"""
                .formatted(MARKER))
                .andExpect(status().isGone())
                .andExpect(jsonPath("$.type").value("urn:call-log:problem:personal-data-erased"))
                .andExpect(jsonPath("$.callUuid").value(call));
        postEvent(call, """
                {"type": "transcript", "seq": 7, "role": "user", "text": "new words"}""")
                .andExpect(status().isGone());
        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content("""
                        {"events": [{"callUuid": "%s", "type": "summarized", "summary": "again %s"}]}"""
                        .formatted(call, MARKER)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].status").value(410));
        assertThat(storedEvents(call)).isEqualTo(5);
    }

    @Test
    void erasingARecordErasesEachOfItsCallsAndANewCallOfTheRecordGetsANewKey() throws Exception {
        String record = "record_" + newCallUuid();
        String first = newCallUuid();
        String second = newCallUuid();
        storeCall(first, record);
        storeCall(second, record);

        erase("/api/records/{recordUuid}/erasure", record, "{\"reason\": \"GDPR art. 17\"}", TestApiKeys.PRIVACY)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.calls.length()").value(2))
                .andExpect(jsonPath("$.calls[0].callUuid").value(first))
                .andExpect(jsonPath("$.calls[1].callUuid").value(second));
        assertThat(storedEventTypes(first)).endsWith("PersonalDataErased");
        assertThat(storedEventTypes(second)).endsWith("PersonalDataErased");

        String third = newCallUuid();
        storeCall(third, record);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM personal_data_key WHERE call_uuid = ?"
                + " AND data_key IS NOT NULL", Integer.class, third)).isOne();
        erase("/api/records/{recordUuid}/erasure", "record_without_calls", "{\"reason\": \"r\"}",
                TestApiKeys.PRIVACY).andExpect(status().isAccepted()).andExpect(jsonPath("$.calls.length()").value(0));
    }

    @Test
    void erasureNeedsThePrivacyRoleWhichAdminDoesNotImply() throws Exception {
        String call = newCallUuid();
        storeCall(call, "record_" + call);
        erase("/api/calls/{uuid}/erasure", call, "{\"reason\": \"r\"}", TestApiKeys.ADMIN)
                .andExpect(status().isForbidden());
        erase("/api/records/{recordUuid}/erasure", "record_" + call, "{\"reason\": \"r\"}", TestApiKeys.INGEST)
                .andExpect(status().isForbidden());
        assertThat(storedEvents(call)).isEqualTo(4);
    }

    @Test
    void badErasureRequestsAreProblemsNamingTheField() throws Exception {
        String call = newCallUuid();
        storeCall(call, "record_" + call);
        erase("/api/calls/{uuid}/erasure", call, "{}", TestApiKeys.PRIVACY)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        erase("/api/calls/{uuid}/erasure", call, "{\"reason\": \"" + "x".repeat(501) + "\"}", TestApiKeys.PRIVACY)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        erase("/api/calls/{uuid}/erasure", "bad uuid!", "{\"reason\": \"r\"}", TestApiKeys.PRIVACY)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("uuid"));
        erase("/api/calls/{uuid}/erasure", "call_never_started", "{\"reason\": \"r\"}", TestApiKeys.PRIVACY)
                .andExpect(status().isNotFound());
        erase("/api/calls/{uuid}/erasure", call, "not json", TestApiKeys.PRIVACY)
                .andExpect(status().isBadRequest());
        assertThat(storedEvents(call)).isEqualTo(4);
    }
}
