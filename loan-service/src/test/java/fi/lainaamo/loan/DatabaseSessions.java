package fi.lainaamo.loan;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.List;

/** What loan-service's database sessions are doing, for tests of the waiting rule (nothing held while others answer). */
public final class DatabaseSessions {

    private DatabaseSessions() {
    }

    /** Sessions of this database idle inside an open transaction for longer than {@code longerThan}. */
    public static List<String> idleInTransaction(EntityManager em, Duration longerThan) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select pid || ' ' || state || ' since ' "
                        + "|| state_change || ': ' || left(query, 120) from pg_stat_activity where datname = current_database() "
                        + "and pid <> pg_backend_pid() and state like 'idle in transaction%' "
                        + "and clock_timestamp() - state_change > ?1 * interval '1 millisecond'", String.class)
                .setParameter(1, longerThan.toMillis()).getResultList());
    }

    /** Sessions of this database waiting for a lock (a row's, for instance), with what they run. */
    public static List<String> waitingForALock(EntityManager em) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select pid || ': ' || left(query, 120) "
                + "from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() "
                + "and wait_event_type = 'Lock'", String.class).getResultList());
    }
}
