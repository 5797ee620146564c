package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** loan-service gave back a seat grant no borrow used (revoked, or holds wait for the title): its seat is free again. */
public record SeatGrantReturned(UUID grantId, UUID publicationId, String reason, Instant at) {
}
