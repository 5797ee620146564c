package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A subject heading or class from one scheme (Thema, YSO, BISAC, keywords, the Finnish book-trade class...). */
@Schema(description = "A subject with its scheme; code, name or both")
public record Subject(
        @NotNull @Pattern(regexp = "thema|yso|bisac|keyword|finnish-book-trade|kaunokki|bella|other")
        @Schema(enumeration = {"thema", "yso", "bisac", "keyword", "finnish-book-trade", "kaunokki", "bella", "other"}) String scheme,
        @Size(max = 100) @Schema(example = "FBA") String code,
        @Size(max = 300) @Schema(example = "Nykyaikainen kaunokirjallisuus") String name) {

    /** What a patron searches and filters by: the name, or the code when the scheme gave no name. */
    public String term() {
        return name != null && !name.isBlank() ? name.trim() : code;
    }
}
