package fi.lainaamo.patron.gdpr;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.patron.notifications.NoticeChoices;
import fi.lainaamo.patron.notifications.Notices;
import fi.lainaamo.patron.notifications.PushSubscriptions;
import fi.lainaamo.patron.patrons.PatronExport;
import fi.lainaamo.patron.patrons.PatronService;
import fi.lainaamo.patron.tokens.AccessTokens;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The GDPR export: patron-service's own profile and notices plus loan-service's document for the patron. Without loan-service's
 * part the export would be incomplete, so an unreachable loan-service is a 503 ("try again later"), not half a file.
 */
@ApplicationScoped
public class PatronDataExport {

    private static final Logger LOG = Logger.getLogger(PatronDataExport.class);

    @Inject
    PatronService patrons;

    @Inject
    AccessTokens tokens;

    @Inject
    Notices notices;

    @Inject
    PushSubscriptions pushSubscriptions;

    @Inject
    NoticeChoices noticeChoices;

    @Inject
    @RestClient
    LoanServiceClient loanService;

    public PatronExport export(UUID patronId) {
        PatronExport.Profile profile = patrons.exportProfile(patronId); // its own transaction; none is held during the call
        JsonNode loans;
        try {
            // patron-service is the issuer, so it signs its own short service token rather than asking itself for one
            String bearer = "Bearer " + tokens.sign("patron-service", List.of(Roles.SERVICE), null, null, null).token();
            loans = loanService.patronData(patronId, bearer);
        } catch (jakarta.ws.rs.WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                LOG.warnf("loan-service refused the GDPR export: HTTP %d", e.getResponse().getStatus());
                throw new ProblemException(503, "export-unavailable");
            }
            loans = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(); // it holds nothing about the patron
        } catch (RuntimeException e) {
            LOG.warnf("loan-service did not answer the GDPR export: %s", e.getClass().getSimpleName());
            throw new ProblemException(503, "export-unavailable");
        }
        return new PatronExport(Instant.now().truncatedTo(ChronoUnit.SECONDS), profile, loans, notices.export(patronId),
                pushSubscriptions.export(patronId), noticeChoices.of(patronId));
    }
}
