package fi.lainaamo.license.seats;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** loan-service turning a ready hold's seat into a loan's seat. */
@Schema(description = "The loan that takes over a hold's seat; repeating it with the same loanId returns the same seat")
public record LendRequest(
        @NotNull @Schema(description = "The new loan's id; the seat's holder from now on") UUID loanId,
        @Pattern(regexp = "\\d{3}") @Schema(description = "The patron's municipality code, for usage reports") String municipality,
        @Schema(description = "The borrower's pseudonymous id (see SeatRequest.patronId)") UUID patronId,
        @Schema(description = "The due date loan-service's policy gives the loan (see SeatRequest.loanUntil)") Instant loanUntil) {

    /** A lending without a borrower (callers before distributor checkouts). */
    public LendRequest(UUID loanId, String municipality) {
        this(loanId, municipality, null, null);
    }
}
