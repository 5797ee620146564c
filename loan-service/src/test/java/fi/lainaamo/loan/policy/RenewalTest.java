package fi.lainaamo.loan.policy;

import fi.lainaamo.platform.problem.ProblemException.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RenewalTest {

    static final Instant DUE = Instant.parse("2026-12-09T10:00:00Z");

    @Test
    void theNewDueDateCountsFromTheOldOneCappedByTheLicence() {
        assertEquals(DUE.plus(Duration.ofDays(21)), Renewal.newDueDate(DUE, 21, null, null));
        assertEquals(DUE.plus(Duration.ofDays(14)), Renewal.newDueDate(DUE, 21, 14, null));
        Instant expires = DUE.plus(Duration.ofDays(2));
        assertEquals(expires, Renewal.newDueDate(DUE, 21, 14, expires));
    }

    @Test
    void everyReasonIsGivenAtOnce() {
        assertEquals(List.of(), codes(Renewal.refusals(0, 1, false, DUE, DUE.plusSeconds(60))));
        assertEquals(List.of("renewal-limit-reached", "renew-people-waiting", "licence-ends"),
                codes(Renewal.refusals(1, 1, true, DUE, DUE)));
    }

    static List<String> codes(List<Violation> violations) {
        return violations.stream().map(Violation::code).toList();
    }
}
