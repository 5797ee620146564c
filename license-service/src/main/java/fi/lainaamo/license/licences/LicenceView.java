package fi.lainaamo.license.licences;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

/** A licence as acquisitions staff see it, with its usage so far. */
public record LicenceView(
        UUID id,
        UUID publicationId,
        @Schema(nullable = true) Integer concurrency,
        boolean unlimited,
        @Schema(nullable = true) Integer checkoutsTotal,
        @Schema(nullable = true) Integer checkoutsLeft,
        @Schema(nullable = true) Integer checkoutsUsed,
        @Schema(nullable = true) Instant expires,
        @Schema(nullable = true) Integer maxLoanDays,
        int seatsTaken,
        int seatsHeldForHolds,
        @Schema(description = "Seats taken for loan-service's escrow and not lent yet: part of seatsTaken, but copies a "
                + "walk-in borrows at once (the availability counts them free)") int seatsGranted,
        @Schema(description = "Seats not taken that a borrow could take now (seats granted to the escrow not counted)") int seatsFree,
        String status,
        @Schema(nullable = true) String format,
        @Schema(nullable = true) BigDecimal price,
        @Schema(nullable = true) String currency,
        @Schema(nullable = true) String distributor,
        @Schema(nullable = true) String distributorLicenceId,
        long loansSoFar,
        @Schema(nullable = true) BigDecimal costPerLoan,
        Instant createdAt) {

    static LicenceView of(Licence l, long loansSoFar) {
        Instant now = Instant.now();
        Integer used = l.checkoutsTotal == null || l.checkoutsLeft == null ? null : l.checkoutsTotal - l.checkoutsLeft;
        BigDecimal costPerLoan = l.price == null || loansSoFar == 0 ? null
                : l.price.divide(BigDecimal.valueOf(loansSoFar), 2, RoundingMode.HALF_UP);
        return new LicenceView(l.id, l.publicationId, l.concurrency, l.isUnlimited(), l.checkoutsTotal, l.checkoutsLeft,
                used, l.expires, l.maxLoanDays, l.seatsTaken, l.seatsHeldForHolds, l.seatsGranted, l.seatsFreeToLend(now),
                l.statusAt(now), l.format, l.price, l.currency, l.distributor, l.distributorLicenceId, loansSoFar,
                costPerLoan, l.createdAt);
    }
}
