package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A metered licence has no checkouts left; it lends no more. */
public record LicenceExhausted(UUID licenceId, UUID publicationId, Instant at) {
}
