package fi.lainaamo.catalog.search;

import fi.lainaamo.catalog.publications.PublicationView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** One page of search results with the facet counts and the link to the next page. */
@Schema(description = "Search results: a page of publications, the number of matches, facet counts over all matches")
public record SearchPage(
        List<PublicationView> items,
        @Schema(description = "How many publications match (all pages); an estimate to two significant digits when totalEstimated") long total,
        @Schema(description = "True when so many publications match that they were counted in a uniform random sample of the catalogue (at least 200 matches in it): total and facet counts are then estimates to two significant digits, about ±7 %; false when they are exact")
        boolean totalEstimated,
        @Schema(description = "Per facet (format, language, audience, subject, available) the values with their counts over all matches, most first; subject lists the top 20")
        Map<String, List<SearchResult.FacetCount>> facets,
        @Schema(nullable = true, description = "Link to the next page (an opaque cursor); null on the last page") String next) {
}
