package fi.lainaamo.patron.libraries;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A library's name in the national languages and English; apps show the one matching the patron's language. */
@Schema(description = "The library's name; Finnish is required, Swedish and English are shown when given")
public record LibraryNames(
        @NotBlank @Size(max = 200) String fi,
        @Size(max = 200) @Schema(nullable = true) String sv,
        @Size(max = 200) @Schema(nullable = true) String en) {
}
