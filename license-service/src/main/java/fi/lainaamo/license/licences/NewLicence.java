package fi.lainaamo.license.licences;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Terms of a licence being added by hand (feeds are imported through /v1/imports/odl). */
@Schema(description = "Terms of a licence bought for a publication")
public record NewLicence(
        @NotNull UUID publicationId,
        @Min(1) @Max(100_000) @Schema(description = "Readers at the same time; omit for unlimited simultaneous use") Integer concurrency,
        @Min(1) @Max(1_000_000) @Schema(description = "Total checkouts bought; omit for a licence not metered by checkouts") Integer checkouts,
        @Future @Schema(description = "End of the licence; omit for a perpetual one") Instant expires,
        @Min(1) @Max(366) @Schema(description = "Longest loan this licence allows, in days") Integer maxLoanDays,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) @Schema(description = "Price paid for the licence") BigDecimal price,
        @Pattern(regexp = "[A-Z]{3}") @Schema(description = "ISO 4217 currency of the price", example = "EUR") String currency,
        @Size(max = 200) @Schema(description = "Who sold the licence") String distributor,
        @Size(max = 500) @Schema(description = "The distributor's own identifier of the licence") String distributorLicenceId,
        @Schema(description = "EPUB, PDF or AUDIOBOOK") Licence.Format format) {

    /** Terms with only the counting parts (tests and simple callers). */
    public NewLicence(UUID publicationId, Integer concurrency, Integer checkouts, Instant expires, Integer maxLoanDays) {
        this(publicationId, concurrency, checkouts, expires, maxLoanDays, null, null, null, null, null);
    }
}
