package fi.lainaamo.catalog.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The ids of one page in order, how many matched in all, and the facet counts over everything that matched. */
public record SearchResult(List<UUID> ids, long total, Map<String, List<FacetCount>> facets, boolean more) {

    /** One value of a facet and how many of the matches have it. */
    public record FacetCount(String value, long count) {
    }
}
