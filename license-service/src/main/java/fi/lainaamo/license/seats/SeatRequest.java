package fi.lainaamo.license.seats;

import fi.lainaamo.license.licences.SeatKind;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** loan-service asking for a seat for one loan, or for one ready hold. */
@Schema(description = "A seat request; repeating it with the same holderId returns the same seat")
public record SeatRequest(
        @NotNull @Schema(description = "The loan id (LOAN) or hold id (HOLD); reservation is idempotent on it") UUID holderId,
        @NotNull UUID publicationId,
        @Pattern(regexp = "\\d{3}") @Schema(description = "The patron's municipality code, for usage reports") String municipality,
        @Pattern(regexp = "LOAN|HOLD") @Schema(description = "LOAN consumes a checkout now; HOLD keeps a seat for a ready hold until heldUntil and consumes when it is lent", defaultValue = "LOAN") String kind,
        @Schema(description = "Until when a HOLD seat is kept; required for HOLD") Instant heldUntil,
        @Schema(description = "The borrower's pseudonymous id. A distributor never sees it: license-service derives a "
                + "per-distributor pseudonym and the LCP passphrase from it. Needed for LOAN seats of distributor licences") UUID patronId,
        @Schema(description = "The due date loan-service's policy gives the loan; license-service caps it by the licence "
                + "(loan length, expiry) and asks the distributor's checkout for it") Instant loanUntil) {

    /** A LOAN request (the only kind before holds). */
    public SeatRequest(UUID holderId, UUID publicationId, String municipality, String kind) {
        this(holderId, publicationId, municipality, kind, null, null, null);
    }

    /** A request without a borrower (holds, and callers before distributor checkouts). */
    public SeatRequest(UUID holderId, UUID publicationId, String municipality, String kind, Instant heldUntil) {
        this(holderId, publicationId, municipality, kind, heldUntil, null, null);
    }

    SeatKind seatKind() {
        return "HOLD".equals(kind) ? SeatKind.HOLD : SeatKind.LOAN;
    }
}
