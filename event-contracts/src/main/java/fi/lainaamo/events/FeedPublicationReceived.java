package fi.lainaamo.events;

import java.util.Map;
import java.util.UUID;

/**
 * license-service fetched a distributor's ODL feed once and passes on each publication's OPDS 2 metadata object
 * untouched; catalog-service takes its part from it. publicationId comes from {@link PublicationIds}.
 */
public record FeedPublicationReceived(UUID publicationId, String identifier, String feedUrl, Map<String, Object> metadata) {
}
