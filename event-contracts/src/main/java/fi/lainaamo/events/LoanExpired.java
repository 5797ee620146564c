package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A loan reached its due date; its seat is to be released. */
public record LoanExpired(UUID loanId, UUID patronId, UUID publicationId, String municipality, Instant expiredAt) {
}
