package io.calllog.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Stores each posted event as one {@code domain_event_entry} row: one statement per event, one transaction per batch. */
@RestController
class BaselineIngestionController {

    private static final String INSERT = "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, "
            + "sequence_number, type, timestamp, payload_type, payload_revision, payload, meta_data) "
            + "VALUES (?, ?, ?, 'Call', ?, ?, '1', ?, ?)";
    private static final byte[] NO_META_DATA = "{}".getBytes();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper objectMapper;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    BaselineIngestionController(JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.objectMapper = objectMapper;
    }

    @PostMapping("/api/calls/{uuid}/events")
    ResponseEntity<Map<String, String>> postEvent(@PathVariable String uuid, @RequestBody JsonNode event) {
        jdbc.update(INSERT, row(uuid, event));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("callUuid", uuid, "type", event.path("type").asText(), "outcome", "recorded"));
    }

    @PostMapping("/api/events")
    Map<String, Object> postEvents(@RequestBody JsonNode body) {
        List<Object[]> rows = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        int index = 0;
        for (JsonNode event : body.path("events")) {
            String uuid = event.path("callUuid").asText();
            rows.add(row(uuid, event));
            results.add(Map.of("index", index++, "callUuid", uuid, "type", event.path("type").asText(),
                    "status", 201, "outcome", "recorded"));
        }
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows));
        return Map.of("recorded", rows.size(), "duplicates", 0, "rejected", 0, "results", results);
    }

    private Object[] row(String uuid, JsonNode event) {
        long sequence = sequences.computeIfAbsent(uuid, k -> new AtomicLong()).getAndIncrement();
        try {
            return new Object[]{UUID.randomUUID().toString(), uuid, sequence, Instant.now().toString(),
                    "io.calllog.events." + event.path("type").asText(), objectMapper.writeValueAsBytes(event),
                    NO_META_DATA};
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
