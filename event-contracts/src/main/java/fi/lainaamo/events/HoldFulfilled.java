package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A ready hold became a loan. */
public record HoldFulfilled(UUID holdId, UUID patronId, UUID publicationId, UUID loanId, Instant at) {
}
