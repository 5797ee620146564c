package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A seat of a licence was given back (loan returned, or never confirmed). */
public record LicenceReleased(UUID licenceId, UUID publicationId, UUID holderId, String reason, Instant at) {
}
