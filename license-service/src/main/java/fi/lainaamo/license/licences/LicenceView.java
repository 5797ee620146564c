package fi.lainaamo.license.licences;

import java.time.Instant;
import java.util.UUID;

/** A licence as acquisitions staff see it. */
public record LicenceView(UUID id, UUID publicationId, int concurrency, Integer checkoutsTotal, Integer checkoutsLeft,
                          Instant expires, Integer maxLoanDays, int seatsTaken, int seatsFree, String status,
                          Instant createdAt) {

    static LicenceView of(Licence l) {
        Instant now = Instant.now();
        String status = l.isExpired(now) ? "expired" : l.isExhausted() ? "exhausted" : "available";
        return new LicenceView(l.id, l.publicationId, l.concurrency, l.checkoutsTotal, l.checkoutsLeft, l.expires,
                l.maxLoanDays, l.seatsTaken, Math.max(0, l.seatsFree()), status, l.createdAt);
    }
}
