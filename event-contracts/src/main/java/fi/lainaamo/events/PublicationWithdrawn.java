package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A publication left the catalogue; existing loans continue, holds on it are cancelled. */
public record PublicationWithdrawn(UUID publicationId, String reason, Instant withdrawnAt) {
}
