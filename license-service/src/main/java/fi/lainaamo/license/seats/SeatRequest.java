package fi.lainaamo.license.seats;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** loan-service asking for a seat for one loan. */
@Schema(description = "A seat request; repeating it with the same holderId returns the same seat")
public record SeatRequest(
        @NotNull @Schema(description = "The loan id; reservation is idempotent on it") UUID holderId,
        @NotNull UUID publicationId,
        @Pattern(regexp = "\\d{3}") @Schema(description = "The patron's municipality code, for usage reports") String municipality,
        @Pattern(regexp = "LOAN") @Schema(description = "LOAN (the only kind so far)", defaultValue = "LOAN") String kind) {
}
