package fi.lainaamo.patron.notifications;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));

    @Test
    void doublesFromTheFirstRetryUpToTheMaximumLessAtMostAFifth() {
        assertBetween(24_000, 30_000, backoff.after(1));
        assertBetween(48_000, 60_000, backoff.after(2));
        assertBetween(96_000, 120_000, backoff.after(3));
        assertBetween(2_880_000, 3_600_000, backoff.after(8));
        assertBetween(2_880_000, 3_600_000, backoff.after(12));
        assertBetween(2_880_000, 3_600_000, backoff.after(1_000));
    }

    @Test
    void failureTextsLoseTheirAddresses() {
        String blotted = EmailSender.blotted("SMTPException: 550 5.1.1 <maija.meikalainen@example.fi>: Recipient address rejected");
        assertFalse(blotted.contains("maija"), blotted);
        assertEquals("SMTPException: 550 5.1.1 <<address>>: Recipient address rejected", blotted);
        assertEquals("ConnectException: Connection refused: localhost/127.0.0.1:3025", EmailSender.blotted("ConnectException: Connection refused: localhost/127.0.0.1:3025"));
    }

    private static void assertBetween(long min, long max, Duration actual) {
        assertTrue(actual.toMillis() >= min && actual.toMillis() <= max, actual + " not in [" + min + ", " + max + "] ms");
    }
}
