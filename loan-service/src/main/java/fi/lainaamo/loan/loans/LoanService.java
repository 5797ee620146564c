package fi.lainaamo.loan.loans;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldFulfilled;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.events.LoanRenewed;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.holds.HoldQueue;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.patrons.LibraryMembership;
import fi.lainaamo.loan.patrons.PatronLocks;
import fi.lainaamo.loan.patrons.PatronStanding;
import fi.lainaamo.loan.policy.DueDate;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.loan.policy.Renewal;
import fi.lainaamo.loan.seats.LicenseServiceClient;
import fi.lainaamo.loan.seats.Seats;
import fi.lainaamo.loan.titles.Title;
import fi.lainaamo.loan.titles.Titles;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.problem.ProblemException.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Borrowing, returning, renewing and expiry. A borrow checks every rule loan-service owns in one pass and refuses
 * with all failing reasons at once; only then does it ask license-service for a seat (or turn the patron's ready
 * hold's seat into the loan's), and it gives a new seat back if the loan does not commit.
 */
@ApplicationScoped
public class LoanService {

    /** Dates such as "the library joins on" are Finnish dates. */
    public static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");

    @Inject
    Seats seats;

    @Inject
    Outbox outbox;

    @Inject
    LendingPolicy policy;

    @Inject
    EntityManager em;

    @Inject
    PatronLocks patronLocks;

    @Inject
    Titles titles;

    @Inject
    HoldService holds;

    /** Who borrows, from their token. */
    public record Borrower(UUID patronId, String municipality, UUID libraryId) {
    }

    /** The loan and whether this request made it (false when an Idempotency-Key replayed an earlier borrow). */
    public record Borrowed(LoanView loan, boolean created) {
    }

    /** The answer of a dry-run: whether a borrow would be accepted now, and every reason it would not. */
    public record DryRun(boolean borrowable, List<Violation> reasons) {
    }

    @Transactional
    public Borrowed borrow(Borrower borrower, UUID publicationId, String idempotencyKey) {
        patronLocks.lock(borrower.patronId());
        if (idempotencyKey != null) {
            var earlier = Loan.byIdempotencyKey(borrower.patronId(), idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().publicationId.equals(publicationId)) {
                    throw new ProblemException(422, "idempotency-key-reused");
                }
                return new Borrowed(LoanView.of(earlier.get()), false);
            }
        }
        Instant now = now();
        for (Loan overdue : Loan.overdue(borrower.patronId(), now)) {
            expire(overdue);
        }
        Title title = titles.lock(publicationId);
        Optional<Hold> ownHold = Hold.openOf(borrower.patronId(), publicationId);
        BorrowRules.Facts facts = facts(borrower, publicationId, title, ownHold, now);
        List<Violation> reasons = BorrowRules.ownRules(facts);
        if (!reasons.isEmpty()) {
            throw new ProblemException(422, "borrow-refused", BorrowRules.withKnownAvailability(facts));
        }

        UUID loanId = UUID.randomUUID();
        boolean fromReadyHold = ownHold.isPresent() && ownHold.get().isReadyAt(now);
        Instant loanUntil = now.plus(java.time.Duration.ofDays(policy.loanDays()));
        Seats.Answer answer = fromReadyHold
                ? seats.lend(ownHold.get().id, loanId, borrower.municipality(), borrower.patronId(), loanUntil)
                : seats.reserve(loanId, publicationId, borrower.municipality(), borrower.patronId(), loanUntil);
        if (!answer.granted()) {
            throw new ProblemException(422, "borrow-refused", List.of(Violation.of(answer.refusal())));
        }
        if (!fromReadyHold) {
            seats.releaseUnlessCommitted(loanId);
            if (title.knownFreeCopy()) {
                title.seatsFree--;
            }
        }

        Loan loan = new Loan();
        loan.id = loanId;
        loan.patronId = borrower.patronId();
        loan.publicationId = publicationId;
        loan.licenceId = answer.seat().licenceId();
        loan.municipality = borrower.municipality();
        loan.libraryId = borrower.libraryId();
        loan.state = Loan.State.ACTIVE;
        loan.startedAt = now;
        loan.updatedAt = now;
        loan.maxLoanDays = answer.seat().maxLoanDays();
        loan.licenceExpires = answer.seat().licenceExpires();
        loan.dueAt = DueDate.of(now, policy.loanDays(), loan.maxLoanDays, loan.licenceExpires);
        loan.idempotencyKey = idempotencyKey;
        loan.holdId = ownHold.map(h -> h.id).orElse(null);
        fulfilled(loan, answer.seat());
        loan.persist();
        outbox.record(EventTypes.LOAN_STARTED, loan.id, loan.publicationId, new LoanStarted(loan.id, loan.patronId,
                loan.publicationId, loan.municipality, loan.libraryId, loan.startedAt, loan.dueAt));
        if (ownHold.isPresent()) {
            // a ready hold, or the head of the queue finding a copy free before the availability event arrived
            Hold hold = ownHold.get();
            holds.end(hold, Hold.State.FULFILLED, "borrowed", now);
            hold.loanId = loan.id;
            outbox.record(EventTypes.HOLD_FULFILLED, hold.id, hold.publicationId,
                    new HoldFulfilled(hold.id, hold.patronId, hold.publicationId, loan.id, now));
            titles.queueChanged(title);
        }
        return new Borrowed(LoanView.of(loan), true);
    }

    /** Keeps what the patron opens, as license-service answered with the seat; our own content when it says nothing. */
    static void fulfilled(Loan loan, LicenseServiceClient.Seat seat) {
        LicenseServiceClient.Fulfilment fulfilment = seat.fulfilment();
        if (seat.loanUntil() != null && seat.loanUntil().isBefore(loan.dueAt)) {
            loan.dueAt = seat.loanUntil(); // the distributor's checkout ends then
        }
        if (fulfilment == null) {
            loan.fulfilmentKind = "local";
            return;
        }
        loan.fulfilmentKind = fulfilment.kind();
        loan.licenceDocumentUrl = fulfilment.licenseHref();
        loan.distributorStatusUrl = fulfilment.statusHref();
        loan.contentUrl = fulfilment.contentHref();
        loan.contentType = fulfilment.contentType();
        loan.distributorRenewable = fulfilment.renewable();
    }

    /** The same checks as a borrow, without writing anything or asking license-service for a seat. */
    @Transactional
    public DryRun dryRun(Borrower borrower, UUID publicationId) {
        Instant now = now();
        Title title = titles.peek(publicationId);
        BorrowRules.Facts facts = facts(borrower, publicationId, title, Hold.openOf(borrower.patronId(), publicationId), now);
        List<Violation> reasons = BorrowRules.withKnownAvailability(facts);
        return new DryRun(reasons.isEmpty(), reasons);
    }

    private BorrowRules.Facts facts(Borrower borrower, UUID publicationId, Title title, Optional<Hold> ownHold, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, FINLAND);
        HoldQueue queue = holds.queueOf(publicationId);
        boolean member = borrower.municipality() != null && LibraryMembership.lendsOn(borrower.libraryId(), today);
        long active = Loan.count("patronId = ?1 and state = ?2 and dueAt > ?3", borrower.patronId(), Loan.State.ACTIVE, now);
        boolean onLoan = Loan.count("patronId = ?1 and publicationId = ?2 and state = ?3 and dueAt > ?4",
                borrower.patronId(), publicationId, Loan.State.ACTIVE, now) > 0;
        return new BorrowRules.Facts(PatronStanding.isBlocked(borrower.patronId()), member, active, policy.loanLimit(), onLoan,
                queue.othersWaitingBefore(borrower.patronId(), today),
                ownHold.isPresent() && ownHold.get().isReadyAt(now),
                queue.size(), title != null && title.knownNoFreeCopy());
    }

    /** Ends the loan now; its seat is released by license-service when it sees the returned event. */
    @Transactional
    public LoanView giveBack(UUID patronId, UUID loanId) {
        Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
        if (loan == null || !patronId.equals(loan.patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        Instant now = now();
        if (!loan.isActiveAt(now)) {
            throw ProblemException.conflict("loan-not-active", loanId);
        }
        returnNow(loan, now);
        return LoanView.of(loan);
    }

    /** Ends an active loan now and publishes it (the patron's return, or an erasure). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void returnNow(Loan loan, Instant now) {
        loan.state = Loan.State.RETURNED;
        loan.returnedAt = now;
        loan.updatedAt = now;
        outbox.record(EventTypes.LOAN_RETURNED, loan.id, loan.publicationId,
                new LoanReturned(loan.id, loan.patronId, loan.publicationId, loan.municipality, loan.returnedAt));
    }

    /** Renews an active loan when nobody waits for the title and the renewal limit allows. */
    @Transactional
    public LoanView renew(UUID patronId, UUID loanId) {
        return renew(patronId, loanId, null);
    }

    /**
     * Renews up to {@code requestedEnd} (a status document's renew link may ask for an end), never beyond what the
     * policy and the licence allow; a requested end not after the current due date is refused (licence-ends).
     */
    @Transactional
    public LoanView renew(UUID patronId, UUID loanId, Instant requestedEnd) {
        patronLocks.lock(patronId);
        Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
        if (loan == null || !patronId.equals(loan.patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        Instant now = now();
        if (!loan.isActiveAt(now)) {
            throw ProblemException.conflict("loan-not-active", loanId);
        }
        titles.lock(loan.publicationId);
        boolean someoneWaits = holds.queueOf(loan.publicationId).othersWaitingBefore(patronId, LocalDate.ofInstant(now, FINLAND));
        Instant newDue = Renewal.newDueDate(loan.dueAt, policy.loanDays(), loan.maxLoanDays, loan.licenceExpires);
        if (requestedEnd != null && requestedEnd.isBefore(newDue)) {
            newDue = requestedEnd.truncatedTo(ChronoUnit.MICROS);
        }
        List<Violation> reasons = Renewal.refusals(loan.renewals, policy.renewalLimit(), someoneWaits, loan.dueAt, newDue);
        if (!reasons.isEmpty()) {
            throw new ProblemException(422, "renew-refused", reasons);
        }
        loan.dueAt = newDue;
        loan.renewals++;
        loan.updatedAt = now;
        outbox.record(EventTypes.LOAN_RENEWED, loan.id, loan.publicationId,
                new LoanRenewed(loan.id, loan.patronId, loan.publicationId, loan.municipality, loan.dueAt, loan.renewals));
        return LoanView.of(loan);
    }

    /** Ends loans whose due date has passed; returns how many. Safe to run on several instances at once. */
    @Transactional
    public int expireDue(Instant now, int batch) {
        @SuppressWarnings("unchecked")
        List<UUID> due = em.createNativeQuery("select id from loan where state = 'ACTIVE' and due_at <= ?1 "
                        + "order by due_at limit ?2 for update skip locked", UUID.class)
                .setParameter(1, now).setParameter(2, batch).getResultList();
        for (UUID id : due) {
            expire(Loan.findById(id));
        }
        return due.size();
    }

    private void expire(Loan loan) {
        loan.state = Loan.State.EXPIRED;
        loan.returnedAt = loan.dueAt;
        loan.updatedAt = loan.dueAt;
        outbox.record(EventTypes.LOAN_EXPIRED, loan.id, loan.publicationId,
                new LoanExpired(loan.id, loan.patronId, loan.publicationId, loan.municipality, loan.dueAt));
    }

    /**
     * Finished loans older than the cut-off lose their patron id, unless the patron opted in to loan history: what
     * stays is anonymous statistics (title, municipality, dates).
     */
    @Transactional
    public int anonymiseFinished(Instant finishedBefore) {
        return em.createNativeQuery("update loan set patron_id = null, library_id = null, idempotency_key = null "
                        + "where patron_id is not null and state <> 'ACTIVE' and returned_at < ?1 "
                        + "and patron_id not in (select patron_id from patron_standing where loan_history_opt_in)")
                .setParameter(1, finishedBefore).executeUpdate();
    }

    @Transactional
    public LoanView get(UUID patronId, UUID loanId) {
        return LoanView.of(owned(patronId, loanId));
    }

    /** The patron's loan, or 404 (also for another patron's loan: its existence is not revealed). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Loan owned(UUID patronId, UUID loanId) {
        Loan loan = Loan.findById(loanId);
        if (loan == null || !patronId.equals(loan.patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        return loan;
    }

    @Transactional
    public List<LoanView> ofPatron(UUID patronId, boolean activeOnly) {
        Instant now = now();
        return Loan.ofPatron(patronId, activeOnly).stream()
                .filter(l -> !activeOnly || l.isActiveAt(now))
                .map(LoanView::of).toList();
    }

    /** Finished loans kept as the patron's history: only for patrons who opted in. */
    @Transactional
    public List<LoanView> history(UUID patronId) {
        if (!PatronStanding.keepsHistory(patronId)) {
            return List.of();
        }
        return Loan.history(patronId).stream().map(LoanView::of).toList();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
