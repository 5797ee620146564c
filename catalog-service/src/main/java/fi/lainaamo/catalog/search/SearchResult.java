package fi.lainaamo.catalog.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ids of one page in order, how many matched in all, and the facet counts over everything that matched; when
 * {@code estimated}, the total and the counts are estimates from a uniform sample of the matches.
 */
public record SearchResult(List<UUID> ids, long total, Map<String, List<FacetCount>> facets, boolean more, boolean estimated) {

    /** One value of a facet and how many of the matches have it. */
    public record FacetCount(String value, long count) {
    }
}
