package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A patron may borrow and place holds again. */
public record PatronUnblocked(UUID patronId, UUID libraryId, Instant at) {
}
