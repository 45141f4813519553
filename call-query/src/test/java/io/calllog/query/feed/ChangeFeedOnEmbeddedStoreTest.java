package io.calllog.query.feed;

import io.calllog.testsupport.TestMongo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The change feed's contract on the embedded default's event store: an H2 file, as call-query runs it by default. */
class ChangeFeedOnEmbeddedStoreTest extends ChangeFeedContract {

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        // under target/, emptied first: one in /tmp outlived every run (the context lives until the JVM ends)
        Path dataDir = Path.of("target", "feed-embedded-store").toAbsolutePath();
        try {
            FileSystemUtils.deleteRecursively(dataDir);
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // as event-store.properties opens the embedded default's event store (call-query's own settings name
        // PostgreSQL)
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDir.resolve("events")
                + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        TestMongo.newDatabase().register(registry);
    }

    @Test
    void theseTestsReadTheEmbeddedH2EventStore() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
        }
    }
}
