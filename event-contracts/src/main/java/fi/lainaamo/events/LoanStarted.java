package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A loan began. The patron is pseudonymous; the municipality code is there for usage reports. */
public record LoanStarted(UUID loanId, UUID patronId, UUID publicationId, String municipality, UUID libraryId,
                          Instant startedAt, Instant dueAt) {
}
