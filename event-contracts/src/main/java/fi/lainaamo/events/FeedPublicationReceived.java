package fi.lainaamo.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * license-service fetched a distributor's ODL feed once and passes on each publication's OPDS 2 metadata object
 * untouched; catalog-service takes its part from it. publicationId comes from {@link PublicationIds}. {@code formats}
 * are the media types the distributor delivers the publication in (its licences' {@code format} and its acquisition
 * links' types): real feeds call an audiobook an EBook in the metadata while its licence says
 * {@code application/audiobook+lcp}, so the catalogue needs them to tell. Null from a sender that does not pass them.
 */
public record FeedPublicationReceived(UUID publicationId, String identifier, String feedUrl, Map<String, Object> metadata,
                                      List<String> formats) {

    /** The event without the delivery formats (as senders before they were added wrote it). */
    public FeedPublicationReceived(UUID publicationId, String identifier, String feedUrl, Map<String, Object> metadata) {
        this(publicationId, identifier, feedUrl, metadata, null);
    }
}
