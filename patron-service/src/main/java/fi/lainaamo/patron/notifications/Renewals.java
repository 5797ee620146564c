package fi.lainaamo.patron.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.patron.tokens.AccessTokens;
import fi.lainaamo.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether loans could be renewed now, asked from loan-service (the authority on its renewal rules) before their due
 * notices are written, with no transaction open. A loan-due notice offers the renew link only for a renewable loan and
 * says why not for the others; when loan-service does not answer, the notice keeps the general wording (a hint is not
 * worth holding the notice back).
 */
@ApplicationScoped
public class Renewals {

    private static final Logger LOG = Logger.getLogger(Renewals.class);

    @Inject
    @RestClient
    LoanRenewalsClient loanService;

    @Inject
    AccessTokens tokens;

    /** Renewable or not per loan; loans loan-service did not answer for are missing. */
    public Map<UUID, Boolean> of(List<UUID> loanIds) {
        Map<UUID, Boolean> renewable = new HashMap<>();
        if (loanIds.isEmpty()) {
            return renewable;
        }
        try {
            // patron-service is the issuer, so it signs its own short service token
            String bearer = "Bearer " + tokens.sign("patron-service", List.of(Roles.SERVICE), null, null, null).token();
            JsonNode answer = loanService.lookup(Map.of("loanIds", loanIds), bearer);
            for (JsonNode loan : answer.path("loans")) {
                renewable.put(UUID.fromString(loan.path("loanId").asText()), loan.path("renewable").asBoolean());
            }
        } catch (RuntimeException e) {
            LOG.warnf("loan-service did not say which loans can be renewed; their due notices use the general wording: %s",
                    e.getClass().getSimpleName());
        }
        return renewable;
    }
}
