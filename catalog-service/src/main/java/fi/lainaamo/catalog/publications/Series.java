package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** The series a publication belongs to and its place in it (1, 2, 2.5...). */
@Schema(description = "Series and position")
public record Series(
        @NotBlank @Size(max = 300) @Schema(example = "Täällä Pohjantähden alla") String name,
        @DecimalMin("0") @Schema(example = "2") BigDecimal position) {
}
