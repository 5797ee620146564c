package fi.lainaamo.catalog.publications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/**
 * What a cataloguer (or an import) enters for a publication; the same body creates one and replaces one's
 * editable fields. {@code authors} is the short form kept for simple clients: when {@code contributors} is empty,
 * each name becomes an author.
 */
@Schema(description = "The editable fields of a publication")
public record PublicationDetails(
        @NotBlank @Size(max = 500) String title,
        @Size(max = 500) String subtitle,
        @Size(max = 500) @Schema(description = "Title as sorted (without a leading article); defaults to the title") String sortTitle,
        // a string, not the enum, so that a wrong format is reported together with the other bad fields
        @NotNull @Pattern(regexp = "EBOOK|AUDIOBOOK") @Schema(enumeration = {"EBOOK", "AUDIOBOOK"}) String format,
        @NotNull @LanguageCode @Schema(pattern = "^[a-z]{3}$", minLength = 3, maxLength = 3, description = "Main language, ISO 639-2/B code (ONIX code list 74), such as fin, swe or eng; und when it is not known", example = "fin") String language,
        @Size(max = 10) @Schema(description = "Other languages of the text (ISO 639-2/B)") List<@NotNull @LanguageCode @Size(min = 3, max = 3) String> languages,
        @ValidIsbn @Schema(minLength = 13, maxLength = 13, description = "ISBN-13: 13 digits without hyphens, unique in the catalogue. A new publication with an ISBN gets the id every service derives from it (PublicationIds)", example = "9789510396353") String isbn,
        @Size(max = 20) @Schema(description = "Other identifiers") List<@Valid @NotNull Identifier> identifiers,
        @Size(max = 100) @Schema(description = "Author names in the order the publication gives them (short form of contributors)") List<@NotBlank @Size(max = 300) String> authors,
        @Size(max = 100) @Schema(description = "Contributors with roles, in credit order") List<@Valid @NotNull Contributor> contributors,
        @Size(max = 100) List<@Valid @NotNull Subject> subjects,
        @Pattern(regexp = "ADULT|TEEN|CHILDREN") @Schema(enumeration = {"ADULT", "TEEN", "CHILDREN"}) String audience,
        @Valid Series series,
        @Size(max = 300) String publisher,
        @Size(max = 300) String imprint,
        @Size(max = 20_000) String description,
        @Schema(description = "Publication date of this edition") LocalDate published,
        @Size(max = 2000) @Pattern(regexp = "https?://.*") @Schema(description = "Cover image (http or https)") String coverUrl,
        @Size(max = 2000) @Pattern(regexp = "https?://.*") @Schema(description = "Where the demo/local fulfilment serves the content (an open file, no DRM)") String contentUrl,
        @Min(0) @Max(1_000_000) @Schema(description = "Audiobook length in seconds") Integer durationSeconds,
        @Min(0) @Max(100_000) @Schema(description = "E-book length in pages") Integer pages,
        @Valid Accessibility accessibility) {

    /** The short form used by tests, imports and old clients: title, format and language only. */
    public static PublicationDetails minimal(String title, String format, String language) {
        return new PublicationDetails(title, null, null, format, language, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }
}
