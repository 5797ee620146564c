package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A person or body who made the publication, in the role they had; the list order is the credit order. */
@Schema(description = "A contributor in credit order")
public record Contributor(
        @NotBlank @Size(max = 300) @Schema(example = "Väinö Linna") String name,
        @Size(max = 300) @Schema(description = "Name as sorted, such as \"Linna, Väinö\"") String sortName,
        @NotNull @Pattern(regexp = "author|translator|narrator|illustrator|editor|other")
        @Schema(enumeration = {"author", "translator", "narrator", "illustrator", "editor", "other"}) String role) {
}
