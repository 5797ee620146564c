package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** license-service asks for an unused seat grant back (its licence expired or can no longer lend). */
public record SeatGrantRevoked(UUID grantId, UUID publicationId, String reason, Instant at) {
}
