package fi.lainaamo.loan.loans;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/**
 * A distributor ended a loan on its side (returned elsewhere, revoked, expired early): license-service gave the seat
 * back with a {@code distributor-*} reason, and the loan ends here too, as an expiry the patron sees on the shelf.
 */
@ApplicationScoped
public class DistributorEndings {

    public static final String REASON_PREFIX = "distributor-";

    @Inject
    Outbox outbox;

    /** Ends the loan if it is still active; a repeat or a loan already ended changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ended(UUID loanId, Instant at) {
        Loan loan = Loan.findById(loanId);
        if (loan == null || loan.state != Loan.State.ACTIVE) {
            return;
        }
        Instant when = at != null ? at : Instant.now();
        loan.state = Loan.State.EXPIRED;
        loan.returnedAt = when;
        loan.updatedAt = when;
        outbox.record(EventTypes.LOAN_EXPIRED, loan.id, loan.publicationId,
                new LoanExpired(loan.id, loan.patronId, loan.publicationId, loan.municipality, when));
    }
}
