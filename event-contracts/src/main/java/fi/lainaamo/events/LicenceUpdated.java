package fi.lainaamo.events;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A licence changed (terms, status from the distributor, or marked unavailable); status is available, unavailable,
 * exhausted or expired. Price (decimal string in ISO 4217 {@code currency}), distributor and checkouts bought were
 * added later and are optional: null from older producers or when not known, never a change to null.
 */
public record LicenceUpdated(UUID licenceId, UUID publicationId, String status, Integer concurrency, Integer checkoutsLeft, Instant expires,
                             Integer checkouts, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price, String currency,
                             String distributor) {

    /** Status and terms only, as the first version of the event carried. */
    public LicenceUpdated(UUID licenceId, UUID publicationId, String status, Integer concurrency, Integer checkoutsLeft, Instant expires) {
        this(licenceId, publicationId, status, concurrency, checkoutsLeft, expires, null, null, null, null);
    }
}
