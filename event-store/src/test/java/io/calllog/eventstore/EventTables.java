package io.calllog.eventstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/** The event store's tables, made by the schema's own migration script, for tests that read the tables directly. */
final class EventTables {

    private EventTables() {
    }

    static void create(Connection connection) throws Exception {
        String schema = Files.readString(Path.of("../event-store/src/main/resources/db/eventstore/V1__axon_event_store.sql"));
        for (String statement : schema.replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                connection.createStatement().execute(statement);
            }
        }
    }
}
