package fi.lainaamo.report.rebuild;

import fi.lainaamo.platform.events.NotNow;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

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
 * <p>The gate is a PostgreSQL advisory lock, so that it holds across instances: a live batch takes the lock shared as
 * the first statement of its own transaction ({@link #enter()}, released by its commit or rollback, so the gate costs
 * the batch one statement and no connection or transaction of its own; the borrower-mark sweep enters it the same
 * way), the rebuild holds it exclusively for the whole rebuild. A batch that cannot take it is rolled back and taken
 * again after a pause; the rebuild's exclusive request waits for the batches already inside. Should the rebuilding
 * instance die, its session ends, the lock goes with it and the live consumers go on.
 */
@ApplicationScoped
public class ProjectionGate {

    /** The advisory lock's key: "RPRT" in ASCII, one key for the one set of report tables. */
    public static final long KEY = 0x52505254L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    /** The rebuild's connection while it holds the gate closed; null while open. */
    private Connection closedBy;

    /**
     * Enters the gate for the current transaction (a live consumer's batch or record, a sweep): the shared lock is the
     * transaction's own. Throws {@link NotNow} while a rebuild holds the gate closed, on any instance; the intake rolls
     * back and takes the records again after a pause, without counting an attempt.
     */
    public void enter() {
        Object entered = em.createNativeQuery("select pg_try_advisory_xact_lock_shared(" + KEY + ")").getSingleResult();
        if (!Boolean.TRUE.equals(entered)) {
            throw new NotNow("a rebuild of the report tables runs");
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
