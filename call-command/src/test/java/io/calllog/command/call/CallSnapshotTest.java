package io.calllog.command.call;

import io.calllog.testsupport.MockMvcWithTestKey;
import io.calllog.command.PostgresBackedContext;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A long call is snapshotted in the background (as JSON, holding digests rather than texts) and, once it has left the
 * aggregate cache, is rebuilt from its snapshot and the events after it with the same decisions as before.
 */
@AutoConfigureMockMvc
@Import(MockMvcWithTestKey.class)
@TestPropertySource(properties = "calllog.command.snapshot-threshold=20")
class CallSnapshotTest extends PostgresBackedContext {

    @Autowired
    MockMvc mvc;

    @Autowired
    Cache callCache;

    @Autowired
    EventStore eventStore;

    ResultActions postEvent(String call, String json) throws Exception {
        return mvc.perform(post("/api/calls/{uuid}/events", call).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    static String line(int seq, String text) {
        return """
                {"type": "transcript", "seq": %d, "role": "user", "text": "%s"}""".formatted(seq, text);
    }

    @Test
    void aCallOutOfTheCacheIsRebuiltFromItsSnapshot() throws Exception {
        String call = newCallUuid();
        postEvent(call, """
                {"type": "started", "campaignUuid": "c", "recordUuid": "r", "direction": "outbound"}""")
                .andExpect(status().isCreated());
        for (int seq = 0; seq < 30; seq++) {
            postEvent(call, line(seq, "a rather long line of speech number " + seq)).andExpect(status().isCreated());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Integer.class, call) > 0);
        String snapshot = new String(jdbc.queryForObject(
                "SELECT payload FROM snapshot_event_entry WHERE aggregate_identifier = ?", byte[].class, call));
        assertThat(snapshot).contains("lineFingerprints").doesNotContain("a rather long line of speech");
        DomainEventMessage<?> first = eventStore.readEvents(call).next();
        assertThat(first.getPayload()).as("the stream starts with the snapshot, deserialized").isInstanceOf(Call.class);
        assertThat(first.getSequenceNumber()).isGreaterThanOrEqualTo(19);

        callCache.removeAll();

        postEvent(call, line(3, "a rather long line of speech number 3")).andExpect(status().isOk());
        postEvent(call, line(3, "something else")).andExpect(status().isConflict());
        postEvent(call, line(29, "a rather long line of speech number 29")).andExpect(status().isOk());
        postEvent(call, line(30, "a new line")).andExpect(status().isCreated());
        assertThat(storedSequenceNumbers(call)).containsExactlyElementsOf(LongStream.rangeClosed(0, 31).boxed().toList());
    }
}
