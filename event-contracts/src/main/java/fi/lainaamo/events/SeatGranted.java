package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A seat license-service took for loan-service's escrow, with its checkout promised: a walk-in borrow lends it in
 * loan-service's own transaction, under the grant id as the loan id. {@code rank} is the licence's place in the
 * consumption order (lower first); {@code maxLoanDays} and {@code licenceExpires} bound the loan's due date.
 */
public record SeatGranted(UUID grantId, UUID licenceId, UUID publicationId, Integer maxLoanDays, Instant licenceExpires,
                          int rank, Instant grantedAt) {
}
