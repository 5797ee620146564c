package fi.lainaamo.platform.faults;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures are answered 503 and retried, and which are a bug or a bad record. */
class OutagesTest {

    @Test
    void aDatabaseGoneAwayIsAnOutageWhereverTheFailureKeepsIt() {
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        assertTrue(Outages.isOutage(new IllegalStateException("wrapped", terminated)));
        // a failed commit keeps the JDBC failure only as suppressed
        Exception commitFailed = new Exception("ARJUNA016053: Could not commit transaction.");
        commitFailed.addSuppressed(new RuntimeException(terminated));
        assertTrue(Outages.isOutage(new RuntimeException(commitFailed)));
        assertTrue(Outages.isOutage(new SQLException("Sorry, acquisition timeout!")));
        assertTrue(Outages.isOutage(new RuntimeException(new ConnectException("Connection refused"))));
    }

    @Test
    void aBugOrABadValueIsNot() {
        assertFalse(Outages.isOutage(new NullPointerException()));
        assertFalse(Outages.isOutage(new SQLException("null value in column", "23502")));
        assertFalse(Outages.isOutage(new IllegalArgumentException("bad")));
    }
}
