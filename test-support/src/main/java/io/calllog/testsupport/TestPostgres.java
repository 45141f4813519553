package io.calllog.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.containers.PostgreSQLContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, and a fresh database on it for every caller, so that test classes never
 * see each other's events.
 * <p>
 * The server is a Testcontainers {@code postgres} container where Docker answers, and zonky's embedded PostgreSQL
 * (real binaries from Maven Central) otherwise. Either is stopped when the JVM exits, after the application contexts
 * that use it are closed.
 */
public final class TestPostgres {

    private static final String IMAGE = "postgres:17-alpine";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Server server;

    private TestPostgres() {
    }

    /** Connection details of one database. */
    public record Database(String jdbcUrl, String username, String password) {

        /** Registers this database as the Spring datasource of the application under test. */
        public void registerAsDataSource(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", this::jdbcUrl);
            registry.add("spring.datasource.username", this::username);
            registry.add("spring.datasource.password", this::password);
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }
    }

    /** Creates an empty database on the shared server. */
    public static Database newDatabase() {
        Server s = server();
        String name = "calllog_test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(s.adminUrl("postgres"), s.username(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return new Database(s.adminUrl(name) + "?reWriteBatchedInserts=true", s.username(), s.password());
    }

    /** Which kind of server the tests run against, for log lines and reports. */
    public static String description() {
        return server().description();
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestPostgres.class) {
                if (server == null) {
                    server = DockerDetection.useTestcontainers() ? startContainer() : startEmbedded();
                }
                s = server;
            }
        }
        return s;
    }

    private static Server startContainer() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(IMAGE);
        container.start();
        String base = "jdbc:postgresql://" + container.getHost() + ":" + container.getFirstMappedPort() + "/";
        return new Server(base, container.getUsername(), container.getPassword(), "PostgreSQL (Testcontainers " + IMAGE + ")",
                container);
    }

    private static Server startEmbedded() {
        try {
            // Stopped by Spring Boot's shutdown hook once it has closed every application context, not by a JVM
            // hook of its own: JVM hooks run all at once, so the server went away under contexts still closing,
            // whose Axon processors then waited for connections until Surefire killed the JVM.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            SpringApplication.getShutdownHandlers().add(() -> {
                try {
                    postgres.close();
                } catch (Exception ignored) {
                    // the JVM is going away; the server's temporary directory is removed by zonky
                }
            });
            String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
            return new Server(base, "postgres", "postgres", "PostgreSQL (zonky embedded)", null);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
        }
    }

    /**
     * The files of the server's data directory (every database's, the WAL's) that hold this text, after a checkpoint
     * wrote what the server held in memory: the privacy tests' byte scan.
     */
    public static List<String> dataFilesHolding(String text) {
        Server s = server();
        try (Connection c = DriverManager.getConnection(s.adminUrl("postgres"), s.username(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
            String directory;
            try (ResultSet row = st.executeQuery("SHOW data_directory")) {
                row.next();
                directory = row.getString(1);
            }
            if (s.container() != null) {
                var grep = s.container().execInContainer("grep", "-rlaF", text, directory);
                return grep.getStdout().lines().filter(line -> !line.isBlank()).toList();
            }
            return ByteScan.filesHolding(Path.of(directory), text).stream().map(Path::toString).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot scan PostgreSQL's data directory", e);
        }
    }

    private record Server(String baseUrl, String username, String password, String description,
                          PostgreSQLContainer<?> container) {
        String adminUrl(String database) {
            return baseUrl + database;
        }
    }
}
