package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A licence changed (terms, status from the distributor, or marked unavailable); status is available, unavailable, exhausted or expired. */
public record LicenceUpdated(UUID licenceId, UUID publicationId, String status, Integer concurrency, Integer checkoutsLeft, Instant expires) {
}
