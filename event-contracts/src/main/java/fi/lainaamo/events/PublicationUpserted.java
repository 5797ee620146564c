package fi.lainaamo.events;

import java.util.List;
import java.util.UUID;

/**
 * A publication was created or changed in the catalogue. Beyond title, format and language, the description that
 * usage reports group and export by (E-kirjasto's columns): contributors (authors first), audience (ADULT, TEEN,
 * CHILDREN), fiction (from Thema or Kaunokki subjects; null when they do not say), subject terms, publisher, year of
 * publication and identifiers (ISBN first). These were added later and are optional: null from older producers.
 */
public record PublicationUpserted(UUID publicationId, String title, String format, String language, List<String> contributors,
                                  String audience, Boolean fiction, List<String> subjects, String publisher, Integer publishedYear,
                                  List<String> identifiers) {

    /** Title, format and language only, as the first version of the event carried. */
    public PublicationUpserted(UUID publicationId, String title, String format, String language) {
        this(publicationId, title, format, language, null, null, null, null, null, null, null);
    }
}
