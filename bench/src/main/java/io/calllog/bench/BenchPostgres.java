package io.calllog.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the benchmarks write to: zonky's embedded server (real PostgreSQL binaries), with durable commits
 * switched back on ({@code fsync}, {@code synchronous_commit}), since zonky turns them off for tests and an
 * acknowledged event must be on disk.
 */
final class BenchPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    BenchPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB")
                .start();
    }

    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    void runScript(String database, Path script) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute(Files.readString(script));
        }
    }

    String describe() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "postgres");
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            return rs.getString(1).replaceAll(" on .*", "") + " (zonky embedded), fsync=" + rs.getString(2)
                    + ", synchronous_commit=" + rs.getString(3);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database + "?reWriteBatchedInserts=true";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
