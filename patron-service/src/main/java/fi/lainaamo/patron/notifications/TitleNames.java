package fi.lainaamo.patron.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.platform.faults.Outages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.UUID;

/**
 * The name of a title, asked from catalog-service when an e-mail is sent (the catalogue owns it and may have
 * corrected it since). A notice is worth more on time than with a name: when the catalogue does not answer, the
 * e-mail uses the generic wording instead of waiting.
 */
@ApplicationScoped
public class TitleNames {

    private static final Logger LOG = Logger.getLogger(TitleNames.class);

    @Inject
    @RestClient
    CatalogClient catalog;

    public Optional<String> of(UUID publicationId) {
        if (publicationId == null) {
            return Optional.empty();
        }
        try {
            JsonNode publication = catalog.publication(publicationId);
            JsonNode title = publication == null ? null : publication.get("title");
            return title == null || !title.isTextual() || title.asText().isBlank() ? Optional.empty() : Optional.of(title.asText().strip());
        } catch (RuntimeException e) {
            LOG.debugf("no title for publication %s from catalog-service, the generic text is used: %s", publicationId, Outages.summary(e));
            return Optional.empty();
        }
    }
}
