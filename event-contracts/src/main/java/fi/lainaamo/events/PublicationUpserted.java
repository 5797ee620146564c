package fi.lainaamo.events;

import java.util.UUID;

/** A publication was created or changed in the catalogue. */
public record PublicationUpserted(UUID publicationId, String title, String format, String language) {
}
