package fi.lainaamo.devinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server run from Maven-shipped binaries; each service gets its own database in it. */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server on the given port (0 = any free port), keeping its data in {@code dataDir} when given. */
    public static Postgres start(int port, Path dataDir) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port == 0 ? Ports.free() : port)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                // a million publications and their search entries (about 1.5 GB with indexes) stay in PostgreSQL's
                // own cache; the memory is only taken as it is used
                .setServerConfig("shared_buffers", "2GB")
                // short OLTP and search queries: compiling them costs more than it saves
                .setServerConfig("jit", "off");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        return new Postgres(builder.start());
    }

    public int port() {
        return server.getPort();
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public String database(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("database names are lower-case letters and underscores: " + name);
        }
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
