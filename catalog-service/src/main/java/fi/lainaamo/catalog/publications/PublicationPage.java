package fi.lainaamo.catalog.publications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of the catalogue with the link to the next, so clients page through without counting offsets. */
@Schema(description = "A page of publications in the order they were added to the catalogue")
public record PublicationPage(
        List<PublicationView> items,
        @Schema(nullable = true, description = "Link to the next page; null on the last page", example = "/v1/publications?limit=20&after=2f1c6a4e-0b7d-4c55-9e57-5c7d1f3b2a10") String next) {
}
