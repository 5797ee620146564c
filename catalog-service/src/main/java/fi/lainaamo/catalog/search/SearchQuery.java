package fi.lainaamo.catalog.search;

import java.util.List;
import java.util.Locale;

/**
 * What a patron asks the catalogue: words (any of Finnish, Swedish, English), filters and an order. {@code offset}
 * comes from the opaque cursor of the previous page.
 */
public record SearchQuery(String q, String format, String language, String audience, String subject, Boolean available,
                          List<String> accessibility, Sort sort, int limit, int offset) {

    /**
     * The accessibility filters: readable by a screen reader (the text alone suffices), with synchronised audio, with
     * adjustable text, without hazards. Each is derived from the publication's schema.org accessibility metadata.
     */
    public static final String ACCESSIBILITY = "screen-reader|synchronised-audio|adjustable-text|no-hazards";

    public SearchQuery {
        accessibility = accessibility == null ? List.of() : accessibility.stream().distinct().toList();
    }

    /** The orders a result list can have. */
    public enum Sort {
        RELEVANCE, TITLE, NEWEST, MOST_BORROWED;

        /** "relevance", "title", "newest", "most-borrowed". */
        public static Sort of(String value) {
            return value == null ? RELEVANCE : valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public String parameter() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public boolean hasWords() {
        return q != null && !q.isBlank();
    }
}
