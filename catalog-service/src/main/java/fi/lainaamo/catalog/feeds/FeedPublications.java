package fi.lainaamo.catalog.feeds;

import fi.lainaamo.catalog.publications.PublicationDetails;
import fi.lainaamo.catalog.publications.PublicationService;
import fi.lainaamo.events.FeedPublicationReceived;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Imports the metadata of a publication from a distributor's ODL feed. license-service fetches each feed once and
 * passes every publication on in a feed-publication-received event, so the catalogue never fetches feeds itself.
 */
@ApplicationScoped
public class FeedPublications {

    private static final Logger LOG = Logger.getLogger(FeedPublications.class);

    @Inject
    PublicationService publications;

    @Inject
    Validator validator;

    /**
     * Upserts the publication under the event's id (or the one holding its ISBN). A record the catalogue cannot use
     * (no title, fields past their limits) is logged and left out: redelivering it would never succeed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean received(FeedPublicationReceived event) {
        PublicationDetails details;
        try {
            details = FeedMetadata.read(event.metadata() == null ? java.util.Map.of() : event.metadata(), event.identifier(), event.formats());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Feed %s: publication %s skipped: %s", event.feedUrl(), event.identifier(), e.getMessage());
            return false;
        }
        Set<ConstraintViolation<PublicationDetails>> violations = validator.validate(details);
        if (!violations.isEmpty()) {
            LOG.warnf("Feed %s: publication %s skipped: %s", event.feedUrl(), event.identifier(), violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")));
            return false;
        }
        publications.upsertImported(event.publicationId(), details, null, false);
        return true;
    }
}
