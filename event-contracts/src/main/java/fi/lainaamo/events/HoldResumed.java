package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A suspended hold takes part in the queue again. */
public record HoldResumed(UUID holdId, UUID patronId, UUID publicationId, Instant at) {
}
