package fi.lainaamo.loan.seats;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Instant;
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

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** license-service's answer: a seat, or the code of why no licence can lend the title now. */
    public record Answer(LicenseServiceClient.Seat seat, String refusal) {
        public boolean granted() {
            return seat != null;
        }
    }

    /**
     * A seat for a loan (consumes a checkout now). For a distributor's licence license-service also checks the loan
     * out at the distributor for {@code loanUntil} (capped by the licence), under a pseudonym of {@code patronId}.
     */
    public Answer reserve(UUID loanId, UUID publicationId, String municipality, UUID patronId, Instant loanUntil) {
        try {
            return ask(() -> licenseService.reserve(tokens.bearer(),
                    new LicenseServiceClient.SeatRequest(loanId, publicationId, municipality, "LOAN", null, patronId, loanUntil)));
        } catch (ProblemException unknownOutcome) {
            // the answer was lost, perhaps after the seat was taken: give it back now rather than after the sweep
            java.util.concurrent.CompletableFuture.runAsync(() -> release(loanId));
            throw unknownOutcome;
        }
    }

    /** A seat kept for a ready hold until {@code heldUntil}, without consuming a checkout. */
    public Answer reserveForHold(UUID holdId, UUID publicationId, String municipality, Instant heldUntil) {
        return ask(() -> licenseService.reserve(tokens.bearer(),
                new LicenseServiceClient.SeatRequest(holdId, publicationId, municipality, "HOLD", heldUntil, null, null)));
    }

    /** Turns a ready hold's seat into the loan's seat (consumes a checkout now); idempotent at license-service. */
    public Answer lend(UUID holdId, UUID loanId, String municipality, UUID patronId, Instant loanUntil) {
        return ask(() -> licenseService.lend(tokens.bearer(), holdId,
                new LicenseServiceClient.LendRequest(loanId, municipality, patronId, loanUntil)));
    }

    /**
     * The title's grants license-service has for this service and not asked back; none when it cannot be asked (the
     * borrow then stays refused, as it was).
     */
    public java.util.List<fi.lainaamo.events.SeatGranted> grants(UUID publicationId) {
        try {
            return licenseService.grants(tokens.bearer(), publicationId);
        } catch (RuntimeException e) {
            LOG.warnf("license-service did not list the title's seat grants: %s", fi.lainaamo.platform.faults.Outages.summary(e));
            return java.util.List.of();
        }
    }

    private Answer ask(java.util.function.Supplier<LicenseServiceClient.Seat> call) {
        try {
            return new Answer(call.get(), null);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                return new Answer(null, code(e));
            }
            LOG.warnf("license-service refused a seat request with HTTP %d", e.getResponse().getStatus());
            throw new ProblemException(503, "licensing-unavailable");
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // unreachable, timed out, or the connection dropped mid-answer (HttpClosedException): whether a seat was
            // taken is unknown, so the borrow's transaction rolls back and any seat taken is given back
            // (releaseUnlessCommitted) or swept after asking this service
            LOG.warnf("license-service cannot be reached: %s", fi.lainaamo.platform.faults.Outages.summary(e));
            throw new ProblemException(503, "licensing-unavailable");
        }
    }

    /**
     * Renews a distributor's loan at the distributor (through license-service) until {@code until}; answers the end
     * the distributor granted. The distributor saying no is a 422 renew-refused with its reason.
     */
    public Instant renewAtDistributor(UUID loanId, Instant until) {
        Answer answer = ask(() -> licenseService.renew(tokens.bearer(), loanId, new LicenseServiceClient.RenewRequest(until)));
        if (!answer.granted()) {
            throw new ProblemException(422, "renew-refused", java.util.List.of(ProblemException.Violation.of(answer.refusal())));
        }
        return answer.seat().loanUntil() != null ? answer.seat().loanUntil() : until;
    }

    /** The seat is already taken at license-service; if the current transaction does not commit, give it back. */
    public void releaseUnlessCommitted(UUID holderId) {
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    release(holderId);
                }
            }
        });
    }

    /**
     * Gives a seat back; false when license-service could not be reached (a loan's seat is then left to its sweep of
     * unconfirmed seats, a hold's to the offer sweep, which gives it back again).
     */
    public boolean release(UUID holderId) {
        try {
            licenseService.release(tokens.bearer(), holderId);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("seat %s not released now (%s); it is given back later", holderId, e.getMessage());
            return false;
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
