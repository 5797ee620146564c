package fi.lainaamo.loan.seats;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Asks license-service for seats. "No free copy" is an answer, not an error; license-service being unreachable is
 * a 503 problem telling the patron to try again, and nothing is lent.
 */
@ApplicationScoped
public class Seats {

    private static final Logger LOG = Logger.getLogger(Seats.class);

    @Inject
    @RestClient
    LicenseServiceClient licenseService;

    @Inject
    ServiceTokens tokens;

    /** license-service's answer: a seat, or the code of why no licence can lend the title now. */
    public record Answer(LicenseServiceClient.Seat seat, String refusal) {
        public boolean granted() {
            return seat != null;
        }
    }

    public Answer reserve(UUID loanId, UUID publicationId, String municipality) {
        try {
            return new Answer(licenseService.reserve(tokens.bearer(),
                    new LicenseServiceClient.SeatRequest(loanId, publicationId, municipality, "LOAN")), null);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                return new Answer(null, code(e));
            }
            LOG.warnf("license-service refused a seat request with HTTP %d", e.getResponse().getStatus());
            throw new ProblemException(503, "licensing-unavailable");
        } catch (ProcessingException | IllegalStateException e) {
            LOG.warnf("license-service cannot be reached: %s", e.getMessage());
            throw new ProblemException(503, "licensing-unavailable");
        }
    }

    /** Gives a seat back; a failure is left to license-service's sweep of unconfirmed seats. */
    public void release(UUID loanId) {
        try {
            licenseService.release(tokens.bearer(), loanId);
        } catch (RuntimeException e) {
            LOG.warnf("seat %s not released now (%s); license-service releases unconfirmed seats itself", loanId, e.getMessage());
        }
    }

    private static String code(WebApplicationException e) {
        try {
            JsonNode body = e.getResponse().readEntity(JsonNode.class);
            return body.path("code").asText("no-free-copy");
        } catch (RuntimeException unreadable) {
            return "no-free-copy";
        }
    }
}
