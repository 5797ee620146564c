package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An identifier besides the ISBN-13: a distributor's URN, an ISSN-bound edition, a proprietary record reference. */
@Schema(description = "Another identifier of the publication")
public record Identifier(
        @NotBlank @Size(max = 50) @Schema(example = "urn") String scheme,
        @NotBlank @Size(max = 300) @Schema(example = "urn:uuid:0b7d4c55-9e57-5c7d-1f3b-2a102f1c6a4e") String value) {
}
