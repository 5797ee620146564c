package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A librarian blocked a patron: no new loans or holds until unblocked. The reason stays in patron-service. */
public record PatronBlocked(UUID patronId, UUID libraryId, Instant at) {
}
