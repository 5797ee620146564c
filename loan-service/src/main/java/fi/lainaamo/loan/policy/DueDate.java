package fi.lainaamo.loan.policy;

import java.time.Duration;
import java.time.Instant;

/** When a loan ends: the policy's loan length, shortened by the licence's maximum loan length and its expiry. */
public final class DueDate {

    private DueDate() {
    }

    public static Instant of(Instant start, int policyDays, Integer licenceMaxDays, Instant licenceExpires) {
        int days = licenceMaxDays == null ? policyDays : Math.min(policyDays, licenceMaxDays);
        Instant due = start.plus(Duration.ofDays(days));
        return licenceExpires != null && licenceExpires.isBefore(due) ? licenceExpires : due;
    }
}
