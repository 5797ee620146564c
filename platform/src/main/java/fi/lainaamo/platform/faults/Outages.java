package fi.lainaamo.platform.faults;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a passing outage (the database or the broker unreachable, a connection dropped, a lock or query timed out)
 * from a failure that repeats whatever one waits. Consumers retry the first kind without limit; the REST layer
 * answers it with 503 and Retry-After instead of 500.
 */
public final class Outages {

    /** SQLSTATE classes and codes that mean "try again later": connection, resources, shutdown, serialization, locks. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03");
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "58");
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "org.hibernate.exception.JDBCConnectionException",
            "org.hibernate.exception.LockAcquisitionException",
            "org.hibernate.PessimisticLockException",
            "jakarta.persistence.LockTimeoutException",
            "jakarta.persistence.QueryTimeoutException",
            "jakarta.persistence.PessimisticLockException",
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "io.vertx.core.http.HttpClosedException",
            "io.netty.channel.ConnectTimeoutException");

    private Outages() {
    }

    /**
     * True when something in the cause chain is a passing outage, including what a failed commit only mentions as
     * suppressed (Narayana's "Could not commit transaction" keeps the JDBC failure there).
     */
    public static boolean isOutage(Throwable failure) {
        return isOutage(failure, 0);
    }

    private static boolean isOutage(Throwable failure, int depth) {
        if (depth > 8) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable suppressed : t.getSuppressed()) {
                if (isOutage(suppressed, depth + 1)) {
                    return true;
                }
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException || t instanceof TimeoutException || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
            if (isTransientType(t.getClass())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException sql) {
        String state = sql.getSQLState();
        if (state == null) {
            // Agroal's pool says so when no connection can be had in time (the database is down or saturated)
            String message = sql.getMessage();
            return message != null && message.contains("acquisition timeout");
        }
        return TRANSIENT_STATES.contains(state) || (state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
    }

    private static boolean isTransientType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (TRANSIENT_TYPES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** One line about a failure for logs and operators: its kind and message, without a stack trace. */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return root.getClass().getSimpleName() + message;
    }
}
