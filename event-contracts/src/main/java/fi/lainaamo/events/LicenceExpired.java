package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A licence reached its expiry; it lends no more (running loans end by their due date). */
public record LicenceExpired(UUID licenceId, UUID publicationId, Instant expiredAt) {
}
