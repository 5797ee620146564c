package fi.lainaamo.loan.loans;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.loan.policy.DueDate;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.loan.seats.Seats;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.problem.ProblemException.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Borrowing and returning. A borrow checks every rule loan-service owns in one pass and refuses with all failing
 * reasons at once; only then does it ask license-service for a seat, and it gives the seat back if the loan does
 * not commit.
 */
@ApplicationScoped
public class LoanService {

    @Inject
    Seats seats;

    @Inject
    Outbox outbox;

    @Inject
    LendingPolicy policy;

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** Who borrows, from their token. */
    public record Borrower(UUID patronId, String municipality, UUID libraryId) {
    }

    /** The loan and whether this request made it (false when an Idempotency-Key replayed an earlier borrow). */
    public record Borrowed(LoanView loan, boolean created) {
    }

    @Transactional
    public Borrowed borrow(Borrower borrower, UUID publicationId, String idempotencyKey) {
        lockPatron(borrower.patronId());
        if (idempotencyKey != null) {
            var earlier = Loan.byIdempotencyKey(borrower.patronId(), idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().publicationId.equals(publicationId)) {
                    throw new ProblemException(422, "idempotency-key-reused");
                }
                return new Borrowed(LoanView.of(earlier.get()), false);
            }
        }
        List<Violation> reasons = new ArrayList<>();
        if (borrower.libraryId() == null || borrower.municipality() == null) {
            reasons.add(Violation.of("library-not-member"));
        }
        if (Loan.hasActive(borrower.patronId(), publicationId)) {
            reasons.add(Violation.of("already-on-loan"));
        }
        if (Loan.activeCount(borrower.patronId()) >= policy.loanLimit()) {
            reasons.add(Violation.of("loan-limit-reached", policy.loanLimit()));
        }
        if (!reasons.isEmpty()) {
            throw new ProblemException(422, "borrow-refused", reasons);
        }

        UUID loanId = UUID.randomUUID();
        Seats.Answer answer = seats.reserve(loanId, publicationId, borrower.municipality());
        if (!answer.granted()) {
            throw new ProblemException(422, "borrow-refused", List.of(Violation.of(answer.refusal())));
        }
        releaseSeatUnlessCommitted(loanId);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Loan loan = new Loan();
        loan.id = loanId;
        loan.patronId = borrower.patronId();
        loan.publicationId = publicationId;
        loan.licenceId = answer.seat().licenceId();
        loan.municipality = borrower.municipality();
        loan.libraryId = borrower.libraryId();
        loan.state = Loan.State.ACTIVE;
        loan.startedAt = now;
        loan.dueAt = DueDate.of(now, policy.loanDays(), answer.seat().maxLoanDays(), answer.seat().licenceExpires());
        loan.idempotencyKey = idempotencyKey;
        loan.persist();
        outbox.record(EventTypes.LOAN_STARTED, loan.id, loan.publicationId, new LoanStarted(loan.id, loan.patronId,
                loan.publicationId, loan.municipality, loan.libraryId, loan.startedAt, loan.dueAt));
        return new Borrowed(LoanView.of(loan), true);
    }

    /** Ends the loan now; its seat is released by license-service when it sees the returned event. */
    @Transactional
    public LoanView giveBack(UUID patronId, UUID loanId) {
        Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
        if (loan == null || !loan.patronId.equals(patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        if (loan.state != Loan.State.ACTIVE) {
            throw ProblemException.conflict("loan-not-active", loanId);
        }
        loan.state = Loan.State.RETURNED;
        loan.returnedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        outbox.record(EventTypes.LOAN_RETURNED, loan.id, loan.publicationId,
                new LoanReturned(loan.id, loan.patronId, loan.publicationId, loan.municipality, loan.returnedAt));
        return LoanView.of(loan);
    }

    @Transactional
    public LoanView get(UUID patronId, UUID loanId) {
        Loan loan = Loan.findById(loanId);
        if (loan == null || !loan.patronId.equals(patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        return LoanView.of(loan);
    }

    @Transactional
    public List<LoanView> ofPatron(UUID patronId, boolean activeOnly) {
        return Loan.ofPatron(patronId, activeOnly).stream().map(LoanView::of).toList();
    }

    private void lockPatron(UUID patronId) {
        em.createNativeQuery("insert into patron_lock (patron_id) values (?1) on conflict do nothing")
                .setParameter(1, patronId).executeUpdate();
        em.createNativeQuery("select patron_id from patron_lock where patron_id = ?1 for update")
                .setParameter(1, patronId).getSingleResult();
    }

    /** The seat is already taken at license-service; if this transaction does not commit, give it back. */
    private void releaseSeatUnlessCommitted(UUID loanId) {
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    seats.release(loanId);
                }
            }
        });
    }
}
