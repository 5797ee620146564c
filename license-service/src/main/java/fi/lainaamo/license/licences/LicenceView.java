package fi.lainaamo.license.licences;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

/** A licence as acquisitions staff see it, with its usage so far. */
public record LicenceView(UUID id, UUID publicationId, Integer concurrency, boolean unlimited, Integer checkoutsTotal,
                          Integer checkoutsLeft, Integer checkoutsUsed, Instant expires, Integer maxLoanDays,
                          int seatsTaken, int seatsHeldForHolds, int seatsFree, String status, String format,
                          BigDecimal price, String currency, String distributor, String distributorLicenceId,
                          long loansSoFar, BigDecimal costPerLoan, Instant createdAt) {

    static LicenceView of(Licence l, long loansSoFar) {
        Instant now = Instant.now();
        Integer used = l.checkoutsTotal == null || l.checkoutsLeft == null ? null : l.checkoutsTotal - l.checkoutsLeft;
        BigDecimal costPerLoan = l.price == null || loansSoFar == 0 ? null
                : l.price.divide(BigDecimal.valueOf(loansSoFar), 2, RoundingMode.HALF_UP);
        return new LicenceView(l.id, l.publicationId, l.concurrency, l.isUnlimited(), l.checkoutsTotal, l.checkoutsLeft,
                used, l.expires, l.maxLoanDays, l.seatsTaken, l.seatsHeldForHolds, l.seatsFreeToLend(now),
                l.statusAt(now), l.format, l.price, l.currency, l.distributor, l.distributorLicenceId, loansSoFar,
                costPerLoan, l.createdAt);
    }
}
