package fi.lainaamo.devinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server run from Maven-shipped binaries; each service gets its own database in it. zonky starts
 * it with {@code pg_ctl} as a daemon of its own, so it outlives this JVM unless stopped.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final int port;
    private final Path dataDir;
    private EmbeddedPostgres server;

    private Postgres(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server on the given port (0 = any free port), keeping its data in {@code dataDir} when given (a
     * temp dir removed at close otherwise, and stopped at exit). A server still running on that data dir, left by
     * a launcher that was killed, is stopped first, so it is never taken for the new one. With a data dir the
     * caller stops the server: {@link #close()}, and {@link #stopWhenThisJvmEnds()} for a kill.
     */
    public static Postgres start(int port, Path dataDir) throws IOException {
        Postgres postgres = new Postgres(port == 0 ? Ports.free() : port, dataDir);
        if (dataDir != null) {
            stopLeftOver(dataDir);
        }
        postgres.server = postgres.launch();
        return postgres;
    }

    private EmbeddedPostgres launch() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                // recovery after a kill takes a moment on a kept data dir
                .setPGStartupWait(Duration.ofSeconds(60))
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
            // zonky runs initdb only when the dir has no postgresql.conf yet. Whoever keeps the data stops the
            // server in its own order (services first); zonky's shutdown hook would stop it at once.
            Files.createDirectories(dataDir);
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
        }
        return builder.start();
    }

    public int port() {
        return port;
    }

    /** Where the data is; null for a temp dir. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open connections are cut) and keeps its data, so a test can
     * see the services lose the database and find it again after {@link #startAgain()}.
     */
    public synchronized Duration stop() throws IOException {
        if (dataDir == null) {
            throw new IllegalStateException("only a server with a data dir of its own can be stopped and started again");
        }
        Instant begin = Instant.now();
        if (server != null) {
            server.close();
            server = null;
        }
        stopLeftOver(dataDir); // in case pg_ctl gave up waiting
        return Duration.between(begin, Instant.now());
    }

    /** Starts the server again after {@link #stop()}, on the same port and data dir; returns how long it took. */
    public synchronized Duration startAgain() throws IOException {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL is already running on port " + port);
        }
        Instant begin = Instant.now();
        server = launch();
        return Duration.between(begin, Instant.now());
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public synchronized String database(String name) {
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
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /**
     * A watchdog that stops this server ({@code SIGINT}, PostgreSQL's fast shutdown) once this JVM is gone, even
     * after {@code kill -9}, by waiting for the end of a pipe only this JVM writes to, and then for the processes
     * listed in {@code outlive} (its clients) to go. It reads the server's pid then, so a server stopped and
     * started again is still the one it stops. It ignores Ctrl-C, which is for this JVM to handle.
     */
    public Process stopWhenThisJvmEnds(Path outlive) throws IOException {
        if (dataDir == null) {
            throw new IllegalStateException("a temp-dir server is stopped by zonky's own shutdown hook");
        }
        return new ProcessBuilder("/bin/sh", "-c", String.join("\n", "trap '' INT", "cat >/dev/null",
                ChildJvm.waitUntilGone(outlive),
                "pid=$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null) && kill -INT \"$pid\""), "sh", dataDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    }

    /** The running server's process id (from its {@code postmaster.pid}), for faulting it by hand. */
    public Optional<Long> serverPid() throws IOException {
        return dataDir == null ? Optional.empty() : pidInFile(dataDir.resolve("postmaster.pid"));
    }

    private static Optional<Long> pidInFile(Path pidFile) throws IOException {
        List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        return lines.isEmpty() || !lines.get(0).strip().matches("\\d+") ? Optional.empty()
                : Optional.of(Long.parseLong(lines.get(0).strip()));
    }

    /**
     * Stops a server left running on this data dir (fast shutdown, SIGKILL after 30 s). A pid file naming a live
     * process that is not PostgreSQL (its pid reused since) is removed: PostgreSQL would refuse to start over it.
     */
    static void stopLeftOver(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> named = pidInFile(pidFile).flatMap(ProcessHandle::of);
        if (named.isEmpty()) {
            return; // PostgreSQL sees for itself that the pid file is stale
        }
        ProcessHandle server = named.get();
        if (!server.info().command().map(c -> c.endsWith("postgres")).orElse(true)) {
            Files.deleteIfExists(pidFile);
            return;
        }
        System.out.println("Stopping the PostgreSQL server (pid " + server.pid() + ") left running on " + dataDir + " ...");
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(server.pid())).inheritIO().start().waitFor();
            try {
                server.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException slow) {
                server.destroyForcibly();
                server.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL " + server.pid(), e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IOException("cannot stop PostgreSQL " + server.pid() + " on " + dataDir, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
