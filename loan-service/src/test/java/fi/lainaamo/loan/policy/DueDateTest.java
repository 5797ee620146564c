package fi.lainaamo.loan.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DueDateTest {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void policyLengthWhenTheLicenceAllowsMore() {
        assertEquals(START.plus(Duration.ofDays(21)), DueDate.of(START, 21, 30, null));
        assertEquals(START.plus(Duration.ofDays(21)), DueDate.of(START, 21, null, null));
    }

    @Test
    void licenceMaximumAndExpiryShortenTheLoan() {
        assertEquals(START.plus(Duration.ofDays(14)), DueDate.of(START, 21, 14, null));
        Instant expires = START.plus(Duration.ofDays(3));
        assertEquals(expires, DueDate.of(START, 21, 14, expires));
    }
}
