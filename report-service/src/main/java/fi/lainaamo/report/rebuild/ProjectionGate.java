package fi.lainaamo.report.rebuild;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Keeps every instance's live consumers (and the borrower-mark sweep) out of the report tables while a rebuild, on
 * whichever instance, empties and refills them. A live batch waits at the gate (not acknowledged, so nothing is lost);
 * once the rebuild has applied every record up to the offsets it started from, the gate opens and the live consumers
 * go on from their own offsets, the processed-event log dropping whatever the rebuild already applied. Without the gate
 * a live consumer could write a newer publication or licence before the rebuild wrote an older one over it.
 *
 * <p>The gate is a PostgreSQL advisory lock, so that it holds across instances: a batch holds the lock shared (on a
 * connection of its own, for the batch's length), the rebuild holds it exclusively for the whole rebuild. A batch that
 * cannot take it waits and asks again; the rebuild's exclusive request waits for the batches already inside. Should
 * the rebuilding instance die, its session ends, the lock goes with it and the live consumers go on.
 */
@ApplicationScoped
public class ProjectionGate {

    /** The advisory lock's key: "RPRT" in ASCII, one key for the one set of report tables. */
    static final long KEY = 0x52505254L;
    private static final long RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 5_000;
    private static final Logger LOG = Logger.getLogger(ProjectionGate.class);

    @Inject
    AgroalDataSource dataSource;

    /** The rebuild's connection while it holds the gate closed; null while open. */
    private Connection closedBy;

    /**
     * Runs a live consumer's batch through the gate, waiting while a rebuild runs on any instance. While the database
     * cannot be reached the batch waits too, asking again with a growing pause, as the intake itself would: it is not
     * acknowledged, and the consumer is not failed (that would leave the channel down after the database came back).
     */
    public void through(Runnable batch) {
        Connection held;
        try {
            held = enter();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting at the report gate; the batch is delivered again", interrupted);
        }
        try {
            batch.run();
        } finally {
            leave(held);
        }
    }

    /** True while a rebuild holds the gate closed, on this instance or another. */
    public boolean closedAnywhere() {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select exists (select 1 from pg_locks where locktype = 'advisory' and mode = 'ExclusiveLock'"
                     + " and granted and classid = " + (KEY >>> 32) + " and objid = " + (KEY & 0xffffffffL) + " and objsubid = 1"
                     + " and database = (select oid from pg_database where datname = current_database()))")) {
            r.next();
            return r.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read whether a rebuild runs", e);
        }
    }

    private Connection enter() throws InterruptedException {
        long pause = RETRY_MILLIS;
        while (true) {
            try {
                Connection c = dataSource.getConnection();
                boolean entered = false;
                try {
                    entered = bool(c, "select pg_try_advisory_lock_shared(" + KEY + ")");
                } finally {
                    if (!entered) {
                        c.close();
                    }
                }
                if (entered) {
                    return c;
                }
                pause = RETRY_MILLIS; // a rebuild runs somewhere: ask again, holding nothing meanwhile
            } catch (SQLException unreachable) {
                LOG.debugf("report gate: the database did not answer (%s); asking again in %d ms", unreachable.getSQLState(), pause);
                pause = Math.min(pause * 2, MAX_RETRY_MILLIS);
            }
            Thread.sleep(pause);
        }
    }

    /** Lets the gate go; should the database be gone, the session (and the lock with it) is gone too. */
    private static void leave(Connection held) {
        try (Connection c = held) {
            bool(c, "select pg_advisory_unlock_shared(" + KEY + ")");
        } catch (SQLException sessionGone) {
            LOG.debugf("report gate: the lock's session ended with the connection (%s)", sessionGone.getSQLState());
        }
    }

    /**
     * Closes the gate for a rebuild: waits up to {@code timeout} for the batches inside to finish; false if they did
     * not, or if another rebuild holds it.
     */
    synchronized boolean close(Duration timeout) throws SQLException {
        if (closedBy != null) {
            return false;
        }
        Connection c = dataSource.getConnection();
        boolean closed = false;
        try {
            try (Statement s = c.createStatement()) {
                s.execute("set lock_timeout = " + Math.max(1, timeout.toMillis()));
            }
            try (PreparedStatement p = c.prepareStatement("select pg_advisory_lock(" + KEY + ")")) {
                p.execute();
                closed = true;
            } catch (SQLException timedOut) {
                if (!"55P03".equals(timedOut.getSQLState())) { // lock_not_available: the batches inside took too long
                    throw timedOut;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("reset lock_timeout");
            }
        } finally {
            if (closed) {
                closedBy = c;
            } else {
                c.close();
            }
        }
        return closed;
    }

    /** Opens the gate again; also after a failed rebuild. */
    synchronized void open() {
        if (closedBy == null) {
            return;
        }
        try (Connection c = closedBy) {
            bool(c, "select pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            // closing the connection ends its session, and the session's lock with it
        } finally {
            closedBy = null;
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getBoolean(1);
        }
    }
}
