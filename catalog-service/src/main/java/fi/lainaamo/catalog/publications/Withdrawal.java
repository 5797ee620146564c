package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a consortium admin takes a title out of the catalogue (kept on the title and sent to loan-service). */
@Schema(description = "Why the publication is withdrawn")
public record Withdrawal(@NotBlank @Size(max = 500) @Schema(example = "publisher-request") String reason) {
}
