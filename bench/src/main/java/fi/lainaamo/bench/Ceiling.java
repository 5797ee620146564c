package fi.lainaamo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workload 2, the ceiling: the SQL of one borrow + return cycle (seat take, consumption ledger, loan, outbox rows,
 * then the return and the seat release), replayed by pgbench against the same PostgreSQL with the same number of
 * clients. Lainaamo over HTTP can at best approach this; the ratio says how much the services cost on top.
 */
final class Ceiling {

    private static final String SCHEMA = """
            drop sequence if exists holder_seq cascade; drop table if exists licence, publication_availability, seat, consumption, patron_lock, loan, outbox_event cascade;
            create table licence (id bigint primary key, publication_id bigint not null, concurrency int not null,
                checkouts_left int, expires timestamptz, max_loan_days int, seats_taken int not null default 0,
                check (seats_taken >= 0 and seats_taken <= concurrency));
            create index on licence (publication_id);
            create table publication_availability (publication_id bigint primary key, version bigint not null default 0);
            create sequence holder_seq; create table seat (holder_id bigint primary key, licence_id bigint not null, publication_id bigint not null,
                kind text not null, state text not null, municipality text, reserved_at timestamptz not null default now(),
                confirmed_at timestamptz, released_at timestamptz);
            create table consumption (id bigserial primary key, licence_id bigint not null, publication_id bigint not null,
                holder_id bigint not null, kind text not null, municipality text, checkouts_left int, at timestamptz not null default now());
            create table patron_lock (patron_id bigint primary key);
            create table loan (id bigint primary key, patron_id bigint not null, publication_id bigint not null, licence_id bigint not null,
                municipality text, state text not null, started_at timestamptz not null, due_at timestamptz not null, returned_at timestamptz);
            create unique index on loan (patron_id, publication_id) where state = 'ACTIVE';
            create table outbox_event (id bigserial primary key, event_id uuid not null unique, type text not null, subject text not null,
                partition_key text not null, payload text not null, created_at timestamptz not null default now(), sent_at timestamptz);
            create index on outbox_event (id) where sent_at is null;
            """;

    private static final String CYCLE = """
            \\set pub random(1, :titles)
            \\set patron random(1, 1000000)
            BEGIN;
            INSERT INTO publication_availability (publication_id) VALUES (:pub) ON CONFLICT DO NOTHING;
            SELECT version FROM publication_availability WHERE publication_id = :pub FOR UPDATE;
            SELECT id, concurrency, seats_taken, checkouts_left, expires FROM licence WHERE publication_id = :pub;
            UPDATE licence SET seats_taken = seats_taken + 1 WHERE publication_id = :pub AND seats_taken < concurrency RETURNING id AS licence \\gset
            INSERT INTO seat (holder_id, licence_id, publication_id, kind, state, municipality) VALUES (nextval('holder_seq'), :licence, :pub, 'LOAN', 'RESERVED', '091') RETURNING holder_id AS loan \\gset
            INSERT INTO consumption (licence_id, publication_id, holder_id, kind, municipality) VALUES (:licence, :pub, :loan, 'CONSUMED', '091');
            INSERT INTO outbox_event (event_id, type, subject, partition_key, payload) VALUES (gen_random_uuid(), 'consumed', :licence, :pub, '{"licenceId":1,"publicationId":2,"holderId":3,"municipality":"091","checkoutsLeft":null,"at":"2026-11-25T00:00:00Z"}');
            UPDATE publication_availability SET version = version + 1 WHERE publication_id = :pub;
            SELECT sum(concurrency), sum(seats_taken) FROM licence WHERE publication_id = :pub;
            INSERT INTO outbox_event (event_id, type, subject, partition_key, payload) VALUES (gen_random_uuid(), 'availability', :pub, :pub, '{"publicationId":1,"seatsTotal":5,"seatsFree":4,"seatsHeldForHolds":0,"version":7}');
            COMMIT;
            BEGIN;
            INSERT INTO patron_lock (patron_id) VALUES (:patron) ON CONFLICT DO NOTHING;
            SELECT patron_id FROM patron_lock WHERE patron_id = :patron FOR UPDATE;
            SELECT count(*) FROM loan WHERE patron_id = :patron AND publication_id = :pub AND state = 'ACTIVE';
            SELECT count(*) FROM loan WHERE patron_id = :patron AND state = 'ACTIVE';
            INSERT INTO loan (id, patron_id, publication_id, licence_id, municipality, state, started_at, due_at) VALUES (:loan, :patron, :pub, :licence, '091', 'ACTIVE', now(), now() + interval '21 days');
            INSERT INTO outbox_event (event_id, type, subject, partition_key, payload) VALUES (gen_random_uuid(), 'loan-started', :loan, :pub, '{"loanId":1,"patronId":2,"publicationId":3,"municipality":"091","libraryId":4,"startedAt":"x","dueAt":"y"}');
            COMMIT;
            BEGIN;
            SELECT state FROM loan WHERE id = :loan FOR UPDATE;
            UPDATE loan SET state = 'RETURNED', returned_at = now() WHERE id = :loan;
            INSERT INTO outbox_event (event_id, type, subject, partition_key, payload) VALUES (gen_random_uuid(), 'loan-returned', :loan, :pub, '{"loanId":1,"patronId":2,"publicationId":3,"municipality":"091","returnedAt":"x"}');
            COMMIT;
            BEGIN;
            SELECT version FROM publication_availability WHERE publication_id = :pub FOR UPDATE;
            UPDATE seat SET state = 'RELEASED', released_at = now() WHERE holder_id = :loan;
            UPDATE licence SET seats_taken = seats_taken - 1 WHERE id = :licence;
            INSERT INTO consumption (licence_id, publication_id, holder_id, kind, municipality) VALUES (:licence, :pub, :loan, 'RELEASED', '091');
            INSERT INTO outbox_event (event_id, type, subject, partition_key, payload) VALUES (gen_random_uuid(), 'released', :licence, :pub, '{}');
            UPDATE publication_availability SET version = version + 1 WHERE publication_id = :pub;
            INSERT INTO outbox_event (event_id, type, subject, partition_key, payload) VALUES (gen_random_uuid(), 'availability', :pub, :pub, '{}');
            COMMIT;
            """;

    /** pgbench's figure in borrow + return cycles per second. */
    static double cyclesPerSecond(int postgresPort, int clients, int seconds, int titles, Path workDir) throws Exception {
        String jdbc = "jdbc:postgresql://localhost:" + postgresPort + "/";
        try (Connection c = DriverManager.getConnection(jdbc + "postgres", "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists ceiling");
            s.execute("create database ceiling");
        }
        try (Connection c = DriverManager.getConnection(jdbc + "ceiling", "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            s.execute("insert into licence (id, publication_id, concurrency, max_loan_days) select g, g, 5, 21 from generate_series(1, " + titles + ") g");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the ceiling database", e);
        }
        Path script = workDir.resolve("borrow-return-cycle.sql");
        Files.writeString(script, CYCLE);
        ProcessBuilder pgbench = new ProcessBuilder(List.of("pgbench", "-h", "localhost", "-p", String.valueOf(postgresPort),
                "-U", "postgres", "-n", "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
                "-T", String.valueOf(seconds), "-D", "titles=" + titles, "-f", script.toString(), "ceiling"))
                .redirectErrorStream(true);
        pgbench.environment().put("PGPASSWORD", "postgres");
        Process process = pgbench.start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        if (!tps.find()) {
            throw new IOException("pgbench gave no tps:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    static Path scriptFor(Path workDir) {
        return workDir.resolve("borrow-return-cycle.sql");
    }
}
