package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A ready hold was not borrowed in time; the seat goes to the next in line. */
public record HoldExpired(UUID holdId, UUID patronId, UUID publicationId, Instant at) {
}
