package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A loan was renewed; dueAt is the new due date. */
public record LoanRenewed(UUID loanId, UUID patronId, UUID publicationId, String municipality, Instant dueAt, int renewals) {
}
