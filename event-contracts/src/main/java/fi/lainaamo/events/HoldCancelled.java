package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A hold ended without a loan: by the patron, or by the library with a reason code the patron can read. */
public record HoldCancelled(UUID holdId, UUID patronId, UUID publicationId, String reason, Instant at) {
}
