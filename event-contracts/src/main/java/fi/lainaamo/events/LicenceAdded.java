package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A licence was bought for a publication; {@code checkouts} and {@code expires} are null when unlimited. */
public record LicenceAdded(UUID licenceId, UUID publicationId, int concurrency, Integer checkouts, Instant expires,
                           Integer maxLoanDays) {
}
