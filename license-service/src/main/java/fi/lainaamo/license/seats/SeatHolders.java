package fi.lainaamo.license.seats;

import fi.lainaamo.platform.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks loan-service what became of the loans seats are held for, so the sweep knows a loan's fate before it gives a
 * seat back. Any failure (unreachable, slow, an error status, no service token) is "cannot say": the caller then
 * releases nothing. Logs carry no personal data (holder ids are loan and hold UUIDs).
 */
@ApplicationScoped
public class SeatHolders {

    /** The most ids loan-service answers in one request. */
    public static final int BATCH = 500;

    private static final Logger LOG = Logger.getLogger(SeatHolders.class);

    @Inject
    @RestClient
    LoanServiceClient loanService;

    @Inject
    ServiceTokens tokens;

    /** Each holder loan-service answered for, by id; empty when loan-service could not answer. */
    public Optional<Map<UUID, LoanServiceClient.Holder>> fates(List<UUID> holderIds) {
        try {
            LoanServiceClient.Answer answer = loanService.lookup(tokens.bearer(), new LoanServiceClient.Lookup(holderIds));
            Map<UUID, LoanServiceClient.Holder> byId = new HashMap<>();
            if (answer != null && answer.holders() != null) {
                answer.holders().stream().filter(h -> h != null && h.id() != null).forEach(h -> byId.put(h.id(), h));
            }
            return Optional.of(byId);
        } catch (WebApplicationException e) {
            LOG.warnf("loan-service answered the seat-holder lookup with HTTP %d", e.getResponse().getStatus());
            return Optional.empty();
        } catch (RuntimeException e) {
            // connection refused, read timeout, unreadable answer, token endpoint down: all mean "cannot say"
            LOG.warnf("loan-service cannot answer the seat-holder lookup: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
