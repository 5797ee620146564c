package fi.lainaamo.patron.libraries;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The whole new list of municipalities a library serves. */
@Schema(description = "The municipalities the library serves from now on. A code another library has is refused (409) unless "
        + "moveFromOtherLibraries is true: then it moves here with its patrons.")
public record MunicipalityChange(
        @NotEmpty @Size(max = 400) @MunicipalityCodes List<@Size(max = 3) String> municipalities,
        boolean moveFromOtherLibraries) {
}
