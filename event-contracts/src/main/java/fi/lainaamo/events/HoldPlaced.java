package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A patron joined the national queue of a title. */
public record HoldPlaced(UUID holdId, UUID patronId, UUID publicationId, String municipality, Instant placedAt) {
}
