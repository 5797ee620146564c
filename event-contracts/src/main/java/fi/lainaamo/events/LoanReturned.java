package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A loan ended by the patron's return; its seat is to be released. */
public record LoanReturned(UUID loanId, UUID patronId, UUID publicationId, String municipality, Instant returnedAt) {
}
