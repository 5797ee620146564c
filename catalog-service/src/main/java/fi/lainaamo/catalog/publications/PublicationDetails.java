package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** What a cataloguer enters for a publication; the same body creates one and replaces one's editable fields. */
@Schema(description = "The editable fields of a publication")
public record PublicationDetails(
        @NotBlank @Size(max = 500) String title,
        @Size(max = 500) String subtitle,
        // a string, not the enum, so that a wrong format is reported together with the other bad fields
        @NotNull @Pattern(regexp = "EBOOK|AUDIOBOOK") @Schema(enumeration = {"EBOOK", "AUDIOBOOK"}) String format,
        @NotNull @Pattern(regexp = "[a-z]{3}") @Schema(description = "ISO 639-2/B language code, such as fin, swe or eng", example = "fin") String language,
        @ValidIsbn @Schema(description = "ISBN-13: 13 digits without hyphens, unique in the catalogue", example = "9789510396353") String isbn,
        @Size(max = 100) @Schema(description = "Author names in the order the publication gives them") List<@NotBlank @Size(max = 300) String> authors,
        @Size(max = 300) String publisher,
        @Size(max = 20_000) String description,
        @Schema(description = "Publication date of this edition") LocalDate published) {
}
