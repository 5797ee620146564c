package fi.lainaamo.license.seats;

import java.time.Instant;
import java.util.UUID;

/** A seat as loan-service sees it, with the licence limits a loan must respect. */
public record SeatView(UUID holderId, UUID licenceId, UUID publicationId, String state, Integer maxLoanDays,
                       Instant licenceExpires, Instant reservedAt, String kind, Instant heldUntil, Instant loanUntil,
                       Fulfilment fulfilment) {
}
