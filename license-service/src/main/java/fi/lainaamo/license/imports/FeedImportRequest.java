package fi.lainaamo.license.imports;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to fetch an ODL feed from. */
@Schema(description = "An ODL feed to fetch from a configured distributor host")
public record FeedImportRequest(
        @NotBlank @Size(max = 2000) @Schema(description = "The feed's URL; its host and port must be in lainaamo.distributors.allowed-hosts") String feedUrl,
        @Size(max = 200) @Schema(description = "Whose licences these are; defaults to the feed's host. A later feed of the same distributor marks licences it no longer lists unavailable.") String distributor) {
}
