package fi.lainaamo.events;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A licence was bought for a publication; {@code checkouts} and {@code expires} are null when unlimited. What it
 * cost, from whom and when were added later and are optional (null from older producers, or when not known): the
 * price as a decimal string in {@code currency} (ISO 4217, such as EUR), the distributor license-service knows the
 * licence from, and when license-service added it.
 */
public record LicenceAdded(UUID licenceId, UUID publicationId, int concurrency, Integer checkouts, Instant expires,
                           Integer maxLoanDays, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price, String currency,
                           String distributor, Instant addedAt) {

    /** The terms only, as the first version of the event carried. */
    public LicenceAdded(UUID licenceId, UUID publicationId, int concurrency, Integer checkouts, Instant expires, Integer maxLoanDays) {
        this(licenceId, publicationId, concurrency, checkouts, expires, maxLoanDays, null, null, null, null);
    }
}
