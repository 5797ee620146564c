package fi.lainaamo.license.seats;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A seat as loan-service sees it, with the licence limits a loan must respect. */
public record SeatView(
        UUID holderId,
        UUID licenceId,
        UUID publicationId,
        String state,
        @Schema(nullable = true) Integer maxLoanDays,
        @Schema(nullable = true) Instant licenceExpires,
        Instant reservedAt,
        String kind,
        @Schema(nullable = true) Instant heldUntil,
        @Schema(nullable = true) Instant loanUntil,
        @Schema(nullable = true) Fulfilment fulfilment) {
}
