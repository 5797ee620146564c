package fi.lainaamo.loan.loans;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldFulfilled;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.events.LoanRenewed;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.patrons.PatronLocks;
import fi.lainaamo.loan.patrons.PatronStanding;
import fi.lainaamo.loan.policy.DueDate;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.loan.policy.Renewal;
import fi.lainaamo.loan.seats.LicenseServiceClient;
import fi.lainaamo.loan.seats.SeatGrants;
import fi.lainaamo.loan.seats.Seats;
import fi.lainaamo.loan.titles.Title;
import fi.lainaamo.loan.titles.Titles;
import fi.lainaamo.platform.faults.Outages;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.problem.ProblemException.Violation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Borrowing, returning, renewing and expiry. A borrow checks every rule loan-service owns in one pass and refuses
 * with all failing reasons at once; only then does it lend a seat license-service granted to the escrow (a walk-in,
 * in the same transaction), or ask license-service for a seat (or turn the patron's ready hold's seat into the
 * loan's). No transaction, connection or lock is held while license-service answers: the loan
 * is committed as PENDING first and made ACTIVE afterwards, and a seat is given back if the loan does not start.
 */
@ApplicationScoped
public class LoanService {

    private static final Logger LOG = Logger.getLogger(LoanService.class);

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

    @Inject
    SeatGrants grants;

    @Inject
    OwnFacts ownFacts;

    /** How long a borrow keeps looking again at a busy title before it queues for the title's lock like any change. */
    @ConfigProperty(name = "lainaamo.borrows.busy-title-patience", defaultValue = "2s")
    Duration busyTitlePatience;

    /** Who borrows, from their token. */
    public record Borrower(UUID patronId, String municipality, UUID libraryId) {
    }

    /**
     * The loan and whether this request made it (false when an Idempotency-Key replayed an earlier borrow), with how
     * long each step took as a Server-Timing header value ({@code begin}, {@code seat}, {@code start}, in ms; a borrow
     * lent from the escrow has one step, {@code escrow}).
     */
    public record Borrowed(LoanView loan, boolean created, String serverTiming) {
    }

    /** The answer of a dry-run: whether a borrow would be accepted now, and every reason it would not. */
    public record DryRun(boolean borrowable, List<Violation> reasons) {
    }

    /**
     * A walk-in borrow with a seat in the escrow (issue 14) is one transaction: the first step lends the grant and the
     * loan is active. Otherwise it borrows in three steps so that nothing is held while license-service answers (the
     * waiting rule): a short
     * transaction checks every own rule under the patron's lock and commits the loan as PENDING; the seat request runs
     * outside any transaction; a second short transaction makes the loan ACTIVE (or forgets it when the seat was
     * refused, or marks it FAILED when the answer was lost). A crash between the steps leaves a PENDING loan, which
     * the sweep ends as FAILED and whose seat it gives back.
     */
    public Borrowed borrow(Borrower borrower, UUID publicationId, String idempotencyKey) {
        return borrow(borrower, publicationId, idempotencyKey, true);
    }

    private Borrowed borrow(Borrower borrower, UUID publicationId, String idempotencyKey, boolean mayRetryFromEscrow) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("a borrow waits on license-service and must not run inside a transaction");
        }
        long began = System.nanoTime();
        Pending pending = begun(borrower, publicationId, idempotencyKey);
        long asked = System.nanoTime();
        if (pending.replayed() != null) {
            return new Borrowed(pending.replayed(), false, timing("begin", began, asked));
        }
        if (pending.lent() != null) {
            return new Borrowed(pending.lent(), true, timing("escrow", began, asked));
        }

        Seats.Answer answer;
        try {
            answer = pending.holdId() != null
                    ? seats.lend(pending.holdId(), pending.loanId(), borrower.municipality(), borrower.patronId(), pending.loanUntil())
                    : seats.reserve(pending.loanId(), publicationId, borrower.municipality(), borrower.patronId(), pending.loanUntil());
        } catch (RuntimeException unknownOutcome) {
            // licensing-unavailable: whether a seat was taken is unknown (reserve already gives one back at once);
            // the loan fails, so license-service's own sweep also releases the seat when it asks about it
            failQuietly(pending.loanId());
            throw unknownOutcome;
        }
        if (!answer.granted()) {
            forgetQuietly(pending.loanId());
            if (mayRetryFromEscrow && "no-free-copy".equals(answer.refusal()) && grantToLend(publicationId)) {
                // every free copy license-service counts is granted to the escrow, and the grants' events had not come:
                // they have now, or license-service listed them; lend one
                return borrow(borrower, publicationId, idempotencyKey, false);
            }
            throw new ProblemException(422, "borrow-refused", List.of(Violation.of(answer.refusal())));
        }
        long answered = System.nanoTime();
        try {
            LoanView started = QuarkusTransaction.requiringNew().call(() -> start(pending, answer.seat()));
            return new Borrowed(started, true, timing("begin", began, asked) + ", " + timing("seat", asked, answered)
                    + ", " + timing("start", answered, System.nanoTime()));
        } catch (RuntimeException notStarted) {
            // the seat went back when the transaction did not commit (releaseUnlessCommitted)
            failQuietly(pending.loanId());
            throw notStarted;
        }
    }

    /**
     * Whether the escrow has a grant of the title to lend: one that arrived meanwhile, or one license-service lists
     * (granted, its event still on the way), kept as the event would keep it.
     */
    private boolean grantToLend(UUID publicationId) {
        if (QuarkusTransaction.requiringNew().call(() -> grants.unused(publicationId) > 0)) {
            return true;
        }
        List<fi.lainaamo.events.SeatGranted> listed = seats.grants(publicationId);
        if (listed.isEmpty()) {
            return false;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            grants.learnt(listed);
            return grants.unused(publicationId) > 0;
        });
    }

    private static String timing(String step, long from, long to) {
        return String.format(java.util.Locale.ROOT, "%s;dur=%.1f", step, (to - from) / 1e6);
    }

    /**
     * What the first step of a borrow leaves for the others: a pending loan, the replay of an earlier borrow, or a loan
     * already lent from an escrow grant (nothing left to do).
     */
    record Pending(UUID loanId, UUID publicationId, UUID holdId, Instant loanUntil, LoanView replayed, LoanView lent) {
    }

    /** Step 1 found the title's lock held by another transaction; nothing was written. */
    private static final class TitleBusy extends RuntimeException {
        TitleBusy() {
            super("the title's lock is held", null, false, false);
        }
    }

    /**
     * Step 1, tried again while another transaction holds the title's lock. Each try is a transaction of its own that
     * asks the known availability first, so a borrow waiting for a busy title holds no connection and no lock: when a
     * rush of borrows arrives together on a title with a few free copies, the first take the copies and the others
     * are refused at their next look, side by side, instead of one after another behind the title's lock. After
     * {@code lainaamo.borrows.busy-title-patience} the borrow waits for the lock like every other change of the title.
     */
    private Pending begun(Borrower borrower, UUID publicationId, String idempotencyKey) {
        long giveUpAt = System.nanoTime() + busyTitlePatience.toNanos();
        for (long pauseMillis = 2; System.nanoTime() < giveUpAt; pauseMillis = Math.min(pauseMillis * 2, 50)) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> begin(borrower, publicationId, idempotencyKey, false));
            } catch (TitleBusy busy) {
                pause(pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis));
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> begin(borrower, publicationId, idempotencyKey, true));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the title was busy", interrupted);
        }
    }

    /**
     * Step 1: the patron's lock, the Idempotency-Key, every rule loan-service owns, then the loan as PENDING. A pending
     * loan counts toward the loan limit and "one loan per title", so a second device borrowing meanwhile is refused.
     */
    private Pending begin(Borrower borrower, UUID publicationId, String idempotencyKey, boolean waitForTitle) {
        // a refusal the known availability already decides changes nothing, so it needs no lock: a rush of one
        // patron's devices (or of many patrons) on a title with no free copy is answered side by side instead of one
        // after another behind the patron's lock. A retried borrow (its Idempotency-Key known) is replayed, not refused.
        List<Violation> known = knownRefusal(borrower, publicationId, now());
        // the key is looked up here only for a borrow about to be refused, so the usual borrow reads it once, below
        if (!known.isEmpty() && (idempotencyKey == null || Loan.byIdempotencyKey(borrower.patronId(), idempotencyKey).isEmpty())) {
            throw new ProblemException(422, "borrow-refused", known);
        }
        em.clear(); // nothing read before the locks is trusted after them
        patronLocks.lock(borrower.patronId());
        if (idempotencyKey != null) {
            var earlier = Loan.byIdempotencyKey(borrower.patronId(), idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().publicationId.equals(publicationId)) {
                    throw new ProblemException(422, "idempotency-key-reused");
                }
                if (earlier.get().state == Loan.State.PENDING) {
                    throw ProblemException.conflict("borrow-in-progress");
                }
                return new Pending(null, publicationId, null, null, LoanView.of(earlier.get()), null);
            }
        }
        Instant now = now();
        for (Loan overdue : Loan.overdue(borrower.patronId(), now)) {
            expire(overdue);
        }
        Title title = waitForTitle ? titles.lock(publicationId) : titles.lockIfFree(publicationId).orElseThrow(TitleBusy::new);
        BorrowRules.Facts facts = facts(borrower, publicationId, now);
        // every own rule, and the title's availability read again under its lock (fresher than the look above)
        List<Violation> reasons = BorrowRules.withKnownAvailability(facts);
        if (!reasons.isEmpty()) {
            throw new ProblemException(422, "borrow-refused", reasons);
        }
        // the ready hold is read only to be lent: the facts said it is there, and the patron's lock keeps it so
        Optional<Hold> readyHold = facts.ownHoldReady()
                ? Hold.openOf(borrower.patronId(), publicationId).filter(hold -> hold.isReadyAt(now)) : Optional.empty();
        boolean fromReadyHold = readyHold.isPresent();
        if (!fromReadyHold) {
            // a walk-in: a seat license-service already granted is lent here, in this one transaction
            Optional<SeatGrants.Grant> grant = grants.take(publicationId, now);
            if (grant.isPresent()) {
                return new Pending(grant.get().grantId(), publicationId, null, null, null,
                        lendGranted(borrower, title, grant.get(), idempotencyKey, now));
            }
        }
        Loan loan = new Loan();
        loan.id = UUID.randomUUID();
        loan.patronId = borrower.patronId();
        loan.publicationId = publicationId;
        loan.municipality = borrower.municipality();
        loan.libraryId = borrower.libraryId();
        loan.state = Loan.State.PENDING;
        loan.startedAt = now;
        loan.updatedAt = now;
        // what license-service is asked for; the due date is set when the seat is granted
        loan.dueAt = now.plus(Duration.ofDays(policy.loanDays()));
        loan.idempotencyKey = idempotencyKey;
        loan.holdId = fromReadyHold ? readyHold.get().id : null;
        loan.persist();
        return new Pending(loan.id, publicationId, loan.holdId, loan.dueAt, null, null);
    }

    /**
     * The escrow's borrow (issue 14): the loan starts ACTIVE at once under the grant's id, on the grant's licence, and
     * loan.started tells license-service to consume the grant's checkout. The grant is a seat license-service took
     * before, so nothing can be oversold; the loan's primary key is the grant id, so a grant is lent at most once.
     */
    private LoanView lendGranted(Borrower borrower, Title title, SeatGrants.Grant grant, String idempotencyKey, Instant now) {
        Loan loan = new Loan();
        loan.id = grant.grantId();
        loan.patronId = borrower.patronId();
        loan.publicationId = title.publicationId;
        loan.municipality = borrower.municipality();
        loan.libraryId = borrower.libraryId();
        loan.licenceId = grant.licenceId();
        loan.state = Loan.State.ACTIVE;
        loan.startedAt = now;
        loan.updatedAt = now;
        loan.maxLoanDays = grant.maxLoanDays();
        loan.licenceExpires = grant.licenceExpires();
        loan.dueAt = DueDate.of(now, policy.loanDays(), loan.maxLoanDays, loan.licenceExpires);
        loan.idempotencyKey = idempotencyKey;
        loan.fulfilmentKind = "local"; // grants are made only on licences of our own content
        loan.persist();
        started(loan, title, true, now);
        return LoanView.of(loan);
    }

    /**
     * The reasons to refuse at once, before the patron's and the title's locks and without asking license-service, a borrow the availability
     * license-service last published already rules out: no copy free (or no licence left) and no ready hold of the
     * patron's own. license-service stays the only one that grants a seat; this only spares it the requests it would
     * refuse, so that a rush on a title with no free copy is answered in milliseconds. The availability may be a moment
     * old: a copy returned a moment ago may be refused once, as it would be if the patron had come a moment earlier.
     */
    private List<Violation> knownRefusal(Borrower borrower, UUID publicationId, Instant now) {
        BorrowRules.Facts facts = facts(borrower, publicationId, now);
        if (!(facts.knownNoFreeCopy() || facts.knownNoLicenceLeft()) || facts.ownHoldReady()) {
            // a copy to ask for (or nothing known of the title's copies), or the patron's own ready hold: everything
            // is read again under the locks
            return List.of();
        }
        return BorrowRules.withKnownAvailability(facts);
    }

    /**
     * Step 3, after license-service granted the seat: the loan becomes ACTIVE with its due date, and loan.started (and
     * the hold's fulfilment) go out through the outbox. If this transaction does not commit, the seat goes back.
     */
    private LoanView start(Pending pending, LicenseServiceClient.Seat seat) {
        seats.releaseUnlessCommitted(pending.loanId());
        Instant now = now();
        Title title = titles.lock(pending.publicationId());
        Loan loan = Loan.findById(pending.loanId(), LockModeType.PESSIMISTIC_WRITE);
        if (loan == null || loan.state != Loan.State.PENDING || loan.patronId == null) {
            // the sweep ended it as failed meanwhile, or the patron was erased: nothing is lent, the seat goes back
            LOG.warnf("borrow %s was no longer pending when its seat was granted; the seat is given back", pending.loanId());
            throw new ProblemException(503, "licensing-unavailable");
        }
        loan.licenceId = seat.licenceId();
        loan.state = Loan.State.ACTIVE;
        loan.startedAt = now;
        loan.updatedAt = now;
        loan.maxLoanDays = seat.maxLoanDays();
        loan.licenceExpires = seat.licenceExpires();
        loan.dueAt = DueDate.of(now, policy.loanDays(), loan.maxLoanDays, loan.licenceExpires);
        fulfilled(loan, seat);
        started(loan, title, pending.holdId() == null, now);
        return LoanView.of(loan);
    }

    /**
     * The loan is active: loan.started goes out through the outbox, a walk-in's copy is no longer free in the known
     * availability, and the patron's own hold of the title (if any) is fulfilled by it.
     */
    private void started(Loan loan, Title title, boolean walkIn, Instant now) {
        outbox.record(EventTypes.LOAN_STARTED, loan.id, loan.publicationId, new LoanStarted(loan.id, loan.patronId,
                loan.publicationId, loan.municipality, loan.libraryId, loan.startedAt, loan.dueAt));
        if (walkIn && title.knownFreeCopy()) {
            title.seatsFree--;
        }
        // read again: the patron may have placed or cancelled a hold while the seat was asked for
        Optional<Hold> ownHold = Hold.openOf(loan.patronId, loan.publicationId);
        if (ownHold.isPresent()) {
            // a ready hold, or the head of the queue finding a copy free before the availability event arrived
            Hold hold = ownHold.get();
            holds.end(hold, Hold.State.FULFILLED, "borrowed", now);
            hold.loanId = loan.id;
            outbox.record(EventTypes.HOLD_FULFILLED, hold.id, hold.publicationId,
                    new HoldFulfilled(hold.id, hold.patronId, hold.publicationId, loan.id, now));
            titles.queueChanged(title);
        }
    }

    /** license-service refused the seat: the pending loan is forgotten (no seat was taken). */
    private void forgetQuietly(UUID loanId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from loan where id = ?1 and state = 'PENDING'")
                    .setParameter(1, loanId).executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("refused borrow %s stays pending until the sweep ends it: %s", loanId, Outages.summary(e));
        }
    }

    /** The seat's fate is unknown or the loan did not start: the loan fails (the sweep does it if this cannot). */
    private void failQuietly(UUID loanId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
                if (loan != null && loan.state == Loan.State.PENDING) {
                    fail(loan, now());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("borrow %s stays pending until the sweep ends it: %s", loanId, Outages.summary(e));
        }
    }

    /**
     * A failed borrow is nobody's: it loses the patron, library, Idempotency-Key (a retry with the key starts afresh)
     * and hold, and stays only so that license-service's lookup answers "ended" for its seat.
     */
    private static void fail(Loan loan, Instant now) {
        loan.state = Loan.State.FAILED;
        loan.patronId = null;
        loan.libraryId = null;
        loan.idempotencyKey = null;
        loan.holdId = null;
        loan.updatedAt = now;
    }

    /**
     * Ends borrows pending since before {@code cutoff} (a crash between the steps) as FAILED and returns their ids, so
     * that their seats can be given back. A borrow whose last step is running right now is skipped (its row is locked).
     */
    @Transactional
    public List<UUID> failPending(Instant cutoff, int batch) {
        @SuppressWarnings("unchecked")
        List<UUID> stale = em.createNativeQuery("select id from loan where state = 'PENDING' and started_at < ?1 "
                        + "order by started_at limit ?2 for update skip locked", UUID.class)
                .setParameter(1, cutoff).setParameter(2, batch).getResultList();
        Instant now = now();
        for (UUID id : stale) {
            fail(Loan.findById(id), now);
        }
        return stale;
    }

    /** Failed borrows older than the cut-off are deleted: license-service has long settled their seats. */
    @Transactional
    public int forgetFailed(Instant failedBefore) {
        return em.createNativeQuery("delete from loan where state = 'FAILED' and updated_at < ?1")
                .setParameter(1, failedBefore).executeUpdate();
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
        BorrowRules.Facts facts = facts(borrower, publicationId, now);
        List<Violation> reasons = BorrowRules.withKnownAvailability(facts);
        return new DryRun(reasons.isEmpty(), reasons);
    }

    /** Every fact the borrow rules weigh, the title's known availability among them: one read of loan-service's tables. */
    private BorrowRules.Facts facts(Borrower borrower, UUID publicationId, Instant now) {
        // a pending borrow counts as a loan: two devices of one patron never pass the limit or borrow a title twice
        OwnFacts.Read own = ownFacts.of(borrower.patronId(), borrower.libraryId(), publicationId, now, LocalDate.ofInstant(now, FINLAND));
        Title title = own.availability();
        return new BorrowRules.Facts(own.blocked(), borrower.municipality() != null && own.libraryMember(), own.loansCounting(),
                policy.loanLimit(), own.onLoanOrPending(), own.othersWaitingFirst(), own.ownHoldReady(),
                (int) own.queueLength(), noFreeCopy(title, own.pendingWalkIns()),
                title != null && title.noLicenceLeft());
    }

    /**
     * No copy free as far as loan-service knows: none is, or every copy license-service last said is free is already
     * being asked for by borrows in progress (pending, not from a ready hold). A newcomer would only queue behind them
     * at license-service to hear "no free copy", so the borrow is refused now, with the hold offer. Should one of them
     * fail, its copy goes to the holds placed meanwhile.
     */
    private static boolean noFreeCopy(Title title, long pendingWalkIns) {
        return title != null && (title.knownNoFreeCopy() || title.knownFreeCopy() && pendingWalkIns >= title.seatsFree);
    }

    /** Ends the loan now; its seat is released by license-service when it sees the returned event. */
    @Transactional
    public LoanView giveBack(UUID patronId, UUID loanId) {
        Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
        if (!isPatronsLoan(loan, patronId)) {
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
     * policy and the licence allow; a requested end not after the current due date is refused (licence-ends). A
     * distributor's loan is renewed at the distributor too, with nothing held while it answers: the checks commit,
     * the distributor is asked, then the renewal is recorded with the end the distributor granted.
     */
    public LoanView renew(UUID patronId, UUID loanId, Instant requestedEnd) {
        Renewing renewing = QuarkusTransaction.requiringNew().call(() -> renewOrPlan(patronId, loanId, requestedEnd));
        if (renewing.done() != null) {
            return renewing.done();
        }
        Instant granted = seats.renewAtDistributor(loanId, renewing.newDue());
        return QuarkusTransaction.requiringNew().call(() -> {
            Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
            Instant now = now();
            if (loan == null || !loan.isActiveAt(now) || !loan.dueAt.equals(renewing.dueBefore())) {
                throw ProblemException.conflict("loan-not-active", loanId); // returned or renewed meanwhile
            }
            return renewed(loan, granted.isBefore(renewing.newDue()) ? granted : renewing.newDue(), now);
        });
    }

    /** A renewal done (our own loans), or to be asked of the distributor first. */
    private record Renewing(LoanView done, Instant dueBefore, Instant newDue) {
    }

    /** The most loans one renewability lookup may ask about. */
    public static final int MAX_RENEWABILITY_IDS = 500;

    /**
     * Whether each loan could be renewed now, by the rules {@link #renew} applies (without its locks: a hint for a
     * notice, which the renewal itself checks again).
     */
    @Transactional
    public Renewability renewability(List<UUID> loanIds) {
        if (loanIds == null || loanIds.isEmpty()) {
            throw new ProblemException(400, "invalid-request", List.of(new Violation("loan-ids-required", "loanIds")));
        }
        if (loanIds.size() > MAX_RENEWABILITY_IDS) {
            throw new ProblemException(400, "invalid-request", List.of(new Violation("too-many-loan-ids", "loanIds", MAX_RENEWABILITY_IDS)));
        }
        if (loanIds.contains(null)) {
            throw new ProblemException(400, "invalid-request", List.of(new Violation("invalid-field", "loanIds", "loanIds")));
        }
        List<UUID> distinct = List.copyOf(new java.util.LinkedHashSet<>(loanIds));
        java.util.Map<UUID, Loan> found = new java.util.HashMap<>();
        Loan.<Loan>list("id in ?1", distinct).forEach(loan -> found.put(loan.id, loan));
        Instant now = now();
        LocalDate today = LocalDate.ofInstant(now, FINLAND);
        List<Renewability.Loan> answers = new java.util.ArrayList<>();
        for (UUID id : distinct) {
            Loan loan = found.get(id);
            if (loan == null || !loan.isActiveAt(now)) {
                answers.add(new Renewability.Loan(id, false, List.of("loan-not-active")));
                continue;
            }
            boolean someoneWaits = Hold.othersWaitingBefore(loan.publicationId, loan.patronId, today);
            Instant newDue = Renewal.newDueDate(loan.dueAt, policy.loanDays(), loan.maxLoanDays, loan.licenceExpires);
            List<String> reasons = new java.util.ArrayList<>(Renewal.refusals(loan.renewals, policy.renewalLimit(), someoneWaits, loan.dueAt, newDue)
                    .stream().map(Violation::code).toList());
            if ("distributor".equals(loan.fulfilmentKind) && !loan.distributorRenewable) {
                reasons.add("distributor-renewal-not-offered");
            }
            answers.add(new Renewability.Loan(id, reasons.isEmpty(), List.copyOf(reasons)));
        }
        return new Renewability(answers);
    }

    private Renewing renewOrPlan(UUID patronId, UUID loanId, Instant requestedEnd) {
        patronLocks.lock(patronId);
        Loan loan = Loan.findById(loanId, LockModeType.PESSIMISTIC_WRITE);
        if (!isPatronsLoan(loan, patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        Instant now = now();
        if (!loan.isActiveAt(now)) {
            throw ProblemException.conflict("loan-not-active", loanId);
        }
        titles.lock(loan.publicationId);
        boolean someoneWaits = Hold.othersWaitingBefore(loan.publicationId, patronId, LocalDate.ofInstant(now, FINLAND));
        Instant newDue = Renewal.newDueDate(loan.dueAt, policy.loanDays(), loan.maxLoanDays, loan.licenceExpires);
        if (requestedEnd != null && requestedEnd.isBefore(newDue)) {
            newDue = requestedEnd.truncatedTo(ChronoUnit.MICROS);
        }
        List<Violation> reasons = new java.util.ArrayList<>(
                Renewal.refusals(loan.renewals, policy.renewalLimit(), someoneWaits, loan.dueAt, newDue));
        boolean atDistributor = "distributor".equals(loan.fulfilmentKind);
        if (atDistributor && !loan.distributorRenewable) {
            reasons.add(Violation.of("distributor-renewal-not-offered"));
        }
        if (!reasons.isEmpty()) {
            throw new ProblemException(422, "renew-refused", reasons);
        }
        if (atDistributor) {
            return new Renewing(null, loan.dueAt, newDue);
        }
        return new Renewing(renewed(loan, newDue, now), null, null);
    }

    private LoanView renewed(Loan loan, Instant newDue, Instant now) {
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
                        + "where patron_id is not null and state in ('RETURNED', 'EXPIRED') and returned_at < ?1 "
                        + "and patron_id not in (select patron_id from patron_standing where loan_history_opt_in)")
                .setParameter(1, finishedBefore).executeUpdate();
    }

    @Transactional
    public LoanView get(UUID patronId, UUID loanId) {
        return LoanView.of(owned(patronId, loanId));
    }

    /**
     * The patron's loan, or 404 (also for another patron's loan: its existence is not revealed; and for a borrow still
     * pending or failed, which is nobody's loan yet).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Loan owned(UUID patronId, UUID loanId) {
        Loan loan = Loan.findById(loanId);
        if (!isPatronsLoan(loan, patronId)) {
            throw ProblemException.notFound("loan-not-found", loanId);
        }
        return loan;
    }

    private static boolean isPatronsLoan(Loan loan, UUID patronId) {
        return loan != null && patronId.equals(loan.patronId) && Loan.LENT.contains(loan.state);
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
