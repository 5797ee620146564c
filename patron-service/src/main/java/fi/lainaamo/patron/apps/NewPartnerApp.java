package fi.lainaamo.patron.apps;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** A partner app a consortium admin registers. */
@Schema(description = "A partner app; scopes from catalogue:read, loans:read-own-library, reports:read-own-library, reports:publisher, webhooks:manage, licences:read")
public record NewPartnerApp(
        @NotBlank @Size(max = 200) String name,
        @NotEmpty @Size(max = 10) @Schema(example = "[\"catalogue:read\", \"loans:read-own-library\"]") List<@Size(max = 100) String> scopes,
        @Schema(description = "The library whose data the app may read; required for the *-own-library scopes") UUID libraryId,
        @Size(max = 200) @Schema(description = "The publisher whose titles the app may read (as the catalogue names it); required for, "
                + "and only with, the reports:publisher scope", example = "Otava", nullable = true) String publisher) {
}
