package fi.lainaamo.loan.policy;

import fi.lainaamo.platform.problem.ProblemException.Violation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renewal rules as plain Java: allowed while nobody waits for the title and the renewal limit allows; the new due
 * date counts the policy's loan length from the old due date, capped by the licence's loan length and expiry.
 */
public final class Renewal {

    private Renewal() {
    }

    public static Instant newDueDate(Instant oldDue, int policyDays, Integer licenceMaxDays, Instant licenceExpires) {
        return DueDate.of(oldDue, policyDays, licenceMaxDays, licenceExpires);
    }

    /** Every reason the renewal is refused; empty when it is allowed. */
    public static List<Violation> refusals(int renewals, int renewalLimit, boolean someoneWaits, Instant oldDue, Instant newDue) {
        List<Violation> reasons = new ArrayList<>();
        if (renewals >= renewalLimit) {
            reasons.add(Violation.of("renewal-limit-reached", renewalLimit));
        }
        if (someoneWaits) {
            reasons.add(Violation.of("renew-people-waiting"));
        }
        if (!newDue.isAfter(oldDue)) {
            reasons.add(Violation.of("licence-ends"));
        }
        return reasons;
    }
}
