package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A seat of a licence was taken for a loan; {@code checkoutsLeft} is null for a licence without a checkout limit. */
public record LicenceConsumed(UUID licenceId, UUID publicationId, UUID holderId, String municipality,
                              Integer checkoutsLeft, Instant at) {
}
