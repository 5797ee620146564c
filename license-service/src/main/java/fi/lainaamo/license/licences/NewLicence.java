package fi.lainaamo.license.licences;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** Terms of a licence being added. */
@Schema(description = "Terms of a licence bought for a publication")
public record NewLicence(
        @NotNull UUID publicationId,
        @NotNull @Min(1) @Max(100_000) @Schema(description = "Readers at the same time") Integer concurrency,
        @Min(1) @Max(1_000_000) @Schema(description = "Total checkouts bought; omit for a licence not metered by checkouts") Integer checkouts,
        @Future @Schema(description = "End of the licence; omit for a perpetual one") Instant expires,
        @Min(1) @Max(366) @Schema(description = "Longest loan this licence allows, in days") Integer maxLoanDays) {
}
