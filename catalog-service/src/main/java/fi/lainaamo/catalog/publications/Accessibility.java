package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Accessibility metadata (schema.org / EPUB Accessibility vocabulary) so patrons can find titles they can use. */
@Schema(description = "Accessibility metadata in the schema.org vocabulary")
public record Accessibility(
        @Size(max = 2000) String summary,
        @Size(max = 20) @Schema(example = "[\"textual\"]") List<@NotBlank @Pattern(regexp = AccessibilityVocabulary.ACCESS_MODE) String> accessModes,
        @Size(max = 20) @Schema(example = "[\"textual\"]") List<@NotBlank @Pattern(regexp = AccessibilityVocabulary.ACCESS_MODE_SUFFICIENT) String> accessModesSufficient,
        @Size(max = 50) @Schema(example = "[\"tableOfContents\", \"alternativeText\"]") List<@NotBlank @Pattern(regexp = AccessibilityVocabulary.FEATURE) String> features,
        @Size(max = 20) @Schema(example = "[\"none\"]") List<@NotBlank @Pattern(regexp = AccessibilityVocabulary.HAZARD) String> hazards,
        @Size(max = 10) @Schema(example = "[\"EPUB Accessibility 1.1 - WCAG 2.1 Level AA\"]") List<@NotBlank @Size(max = 300) String> conformsTo) {
}
