package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.license.checkouts.Checkout;
import fi.lainaamo.license.checkouts.CheckoutService;
import fi.lainaamo.events.LicenceConsumed;
import fi.lainaamo.events.LicenceReleased;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.ConsumptionOrder;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.licences.LicenceService;
import fi.lainaamo.license.licences.SeatKind;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Takes, confirms, lends and releases seats. A seat, its licence's counters, the ledger line and the events change in
 * one transaction under the publication's lock, so two loans can never take the last seat twice.
 */
@ApplicationScoped
public class SeatService {

    private static final Logger LOG = Logger.getLogger(SeatService.class);

    @Inject
    Availability availability;

    @Inject
    LicenceService licences;

    @Inject
    Outbox outbox;

    @Inject
    CheckoutService checkouts;

    /**
     * A reservation, whether this call created it (false when the holder already had it) and whether it is settled:
     * a new seat of a licence of our own is; a distributor's checkout, or a repeated request, may still be pending.
     */
    public record Reservation(SeatView seat, boolean created, boolean settled) {
    }

    /**
     * What became of a hold's seat asked to become a loan's: the loan's seat, or refused with the code the patron sees
     * (the hold's seat is gone).
     */
    public record Lending(SeatView seat, boolean created, String refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }

    @Transactional
    public Reservation reserve(SeatRequest request) {
        SeatKind kind = request.seatKind();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (kind == SeatKind.HOLD && (request.heldUntil() == null || !request.heldUntil().isAfter(now))) {
            throw new ProblemException(400, "invalid-request",
                    List.of(new ProblemException.Violation("held-until-required", "heldUntil")));
        }
        // the lock first, then the holder's seat read under it: a concurrent retry that won the lock is seen
        availability.lock(request.publicationId());
        Seat existing = Seat.findById(request.holderId());
        if (existing != null) {
            if (!existing.publicationId.equals(request.publicationId())) {
                throw ProblemException.conflict("holder-has-other-seat", request.holderId());
            }
            return new Reservation(view(existing), false, false);
        }
        List<Licence> all = Licence.forPublication(request.publicationId());
        Licence licence = ConsumptionOrder.choose(all, kind, now)
                .orElseThrow(() -> ProblemException.conflict(ConsumptionOrder.refusal(all, now), request.publicationId()));

        Seat seat = new Seat();
        seat.holderId = request.holderId();
        seat.licenceId = licence.id;
        seat.publicationId = licence.publicationId;
        seat.kind = kind.name();
        seat.state = Seat.State.RESERVED;
        seat.municipality = request.municipality();
        seat.reservedAt = now;
        if (kind == SeatKind.HOLD) {
            licence.holdSeat();
            seat.heldUntil = request.heldUntil();
            seat.persist();
            Consumption.record("HELD", seat, licence.checkoutsLeft, now);
        } else {
            licence.takeSeat();
            seat.loanUntil = loanUntil(licence, request.loanUntil(), now);
            seat.persist();
            consumed(licence, seat, now);
            checkOutAtDistributor(seat, licence, request.patronId());
        }
        availability.changed(licence.publicationId);
        return new Reservation(view(seat), true, licence.checkoutUrl == null);
    }

    /**
     * Turns a ready hold's seat into a loan's seat, consuming the checkout now. If the licence can no longer lend
     * (expired, exhausted, unavailable) the hold's seat is released and the answer is refused.
     */
    @Transactional
    public Lending lend(UUID holdId, LendRequest request) {
        Seat already = Seat.findById(request.loanId());
        if (already != null) {
            return new Lending(view(already), false, null);
        }
        Seat hold = find(holdId);
        if (!hold.isHold()) {
            throw ProblemException.conflict("seat-not-a-hold", holdId);
        }
        availability.lock(hold.publicationId);
        Seat.getEntityManager().refresh(hold);
        already = Seat.findById(request.loanId()); // a concurrent retry may have won the lock first
        if (already != null) {
            return new Lending(view(already), false, null);
        }
        if (!hold.isHeld()) {
            throw ProblemException.conflict("seat-released", holdId);
        }
        Licence licence = Licence.findById(hold.licenceId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!licence.canLendHeld(now)) {
            releaseLocked(hold, licence, "licence-cannot-lend", now);
            // another licence in force means a copy comes back later; none means the title cannot be lent again
            return new Lending(null, false, ConsumptionOrder.refusal(Licence.forPublication(hold.publicationId), now));
        }
        if (licence.checkoutUrl != null) {
            // a distributor's licence: the hold keeps its seat until the distributor accepts the checkout
            if (request.patronId() == null) {
                throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("patron-required", "patronId")));
            }
            if (Checkout.findById(request.loanId()) == null) {
                checkouts.beginForHold(request.loanId(), holdId, request.municipality() != null ? request.municipality() : hold.municipality,
                        licence, request.patronId(), loanUntil(licence, request.loanUntil(), now), now);
            }
            return new Lending(null, true, null);
        }
        Seat loan = convert(hold, licence, request.loanId(), request.municipality(), loanUntil(licence, request.loanUntil(), now), now);
        return new Lending(view(loan), true, null);
    }

    /**
     * The distributor accepted the checkout of a ready hold's copy: the hold's seat becomes the loan's now (same
     * transaction as the checkout's activation). False when the hold's seat was released meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lendHeldSeat(UUID holdId, UUID loanId, String municipality, Instant loanUntil) {
        Seat hold = Seat.findById(holdId);
        if (hold == null) {
            return false;
        }
        availability.lock(hold.publicationId);
        Seat.getEntityManager().refresh(hold);
        if (!hold.isHold() || !hold.isHeld()) {
            return false;
        }
        convert(hold, Licence.findById(hold.licenceId), loanId, municipality, loanUntil, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return true;
    }

    private Seat convert(Seat hold, Licence licence, UUID loanId, String municipality, Instant loanUntil, Instant now) {
        licence.lendHeldSeat();
        hold.state = Seat.State.RELEASED;
        hold.releasedAt = now;
        Consumption.record("LENT", hold, licence.checkoutsLeft, now);

        Seat loan = new Seat();
        loan.holderId = loanId;
        loan.licenceId = licence.id;
        loan.publicationId = licence.publicationId;
        loan.kind = SeatKind.LOAN.name();
        loan.state = Seat.State.RESERVED;
        loan.municipality = municipality != null ? municipality : hold.municipality;
        loan.reservedAt = now;
        loan.loanUntil = loanUntil;
        loan.persist();
        consumed(licence, loan, now);
        availability.changed(licence.publicationId);
        return loan;
    }

    /** The loan's due date: what loan-service asked for, within the licence's loan length and expiry. */
    static Instant loanUntil(Licence licence, Instant asked, Instant now) {
        Instant until = asked != null ? asked : now.plus(21, ChronoUnit.DAYS);
        if (licence.maxLoanDays != null && until.isAfter(now.plus(licence.maxLoanDays, ChronoUnit.DAYS))) {
            until = now.plus(licence.maxLoanDays, ChronoUnit.DAYS);
        }
        if (licence.expires != null && until.isAfter(licence.expires)) {
            until = licence.expires;
        }
        return until;
    }

    /** A distributor's licence: the checkout is recorded now and made once this transaction has committed. */
    private void checkOutAtDistributor(Seat seat, Licence licence, UUID patronId) {
        if (licence.checkoutUrl == null) {
            return;
        }
        if (patronId == null) {
            throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("patron-required", "patronId")));
        }
        checkouts.begin(seat, licence, patronId);
    }

    private void consumed(Licence licence, Seat seat, Instant now) {
        Consumption.record("CONSUMED", seat, licence.checkoutsLeft, now);
        outbox.record(EventTypes.LICENCE_CONSUMED, licence.id, licence.publicationId,
                new LicenceConsumed(licence.id, licence.publicationId, seat.holderId, seat.municipality, licence.checkoutsLeft, now));
        if (licence.isExhausted()) {
            licences.exhausted(licence, now);
        }
    }

    @Transactional
    public SeatView get(UUID holderId) {
        return view(find(holderId));
    }

    /**
     * The loan was committed: the seat is no longer at risk of the unconfirmed-seat sweep. Confirming takes the title's
     * lock like a release does, so a release running at the same time is never overwritten by a stale confirmed state.
     */
    @Transactional
    public SeatView confirm(UUID holderId) {
        Seat seat = find(holderId);
        if (seat.state == Seat.State.RESERVED) {
            confirmLocked(seat);
        }
        if (seat.state == Seat.State.RELEASED) {
            throw ProblemException.conflict("seat-released", holderId);
        }
        return view(seat);
    }

    /**
     * A loan started ({@code loan.started}, which names the title): its reserved seat is confirmed, or the escrow grant
     * it was lent from becomes its seat and the checkout is consumed. The title's lock is taken before the seat is read,
     * so the seat needs no second read under it. A seat already confirmed, lent or unknown changes nothing; one already
     * swept or released is logged (retrying cannot help).
     */
    @Transactional
    public void loanStarted(UUID loanId, UUID publicationId, String municipality, Instant loanUntil) {
        Seat seat = lockedSeat(loanId, publicationId);
        if (seat != null && started(seat, municipality, loanUntil)) {
            availability.changed(seat.publicationId);
        }
    }

    /**
     * {@link #loanStarted} on the seat read under its title's lock; true when the title's seats changed (a grant was
     * lent), so its availability is to be recorded.
     */
    private boolean started(Seat seat, String municipality, Instant loanUntil) {
        if (seat.isGrant()) {
            if (seat.state == Seat.State.RESERVED) {
                lendGrantLocked(seat, municipality, loanUntil);
                return true;
            }
        } else if (seat.state == Seat.State.RESERVED) {
            seat.state = Seat.State.CONFIRMED;
            seat.confirmedAt = Instant.now();
        } else if (seat.state == Seat.State.RELEASED) {
            LOG.warnf("loan %s started after its seat was released", seat.holderId);
        }
        return false;
    }

    /**
     * A poll's seat changes from loan events applied in one go (issue 14; one by one, each made a dozen round trips
     * and the consumer fell minutes behind on a busy machine). Their titles are locked in one statement, in id order;
     * their seats and the titles' licences are read in two more. The changes are then made in the poll's order, each
     * as its one-by-one method would, without a round trip of their own: their rows and ledger lines are flushed in
     * JDBC batches and their events written in one. Each changed title's availability is counted and recorded once,
     * at the end, all titles together ({@link Availability#changedAll}). A change whose seat belongs to another title
     * than its event names is not made here, nor any later change of that holder: they are answered, to be made one
     * by one after the rest.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<SeatChange> applyAll(List<SeatChange> changes) {
        // the changes' events (licence consumed and released, grants, availability) are written in one batch at the end
        return outbox.together(() -> applyTogether(changes));
    }

    private List<SeatChange> applyTogether(List<SeatChange> changes) {
        Set<UUID> locked = availability.lockAll(changes.stream().map(SeatChange::publicationId).distinct().toList());
        Map<UUID, Seat> seats = Seat.ofHolders(changes.stream().map(SeatChange::holderId).distinct().toList());
        Map<UUID, List<Licence>> licences = Licence.forPublications(locked);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<UUID, List<Licence>> changedTitles = new LinkedHashMap<>();
        Set<UUID> deferred = new HashSet<>();
        List<SeatChange> rest = new ArrayList<>();
        for (SeatChange change : changes) {
            Seat seat = seats.get(change.holderId());
            if (deferred.contains(change.holderId())
                    || seat != null && !(seat.publicationId.equals(change.publicationId()) && locked.contains(seat.publicationId))) {
                deferred.add(change.holderId());
                rest.add(change);
                continue;
            }
            if (seat == null) {
                continue; // no such seat: the change changes nothing, as one by one
            }
            boolean changed = switch (change.kind()) {
                case LOAN_STARTED -> started(seat, change.municipality(), change.loanUntil());
                case RELEASE -> {
                    if (releasable(seat, false)) {
                        free(seat, Licence.findById(seat.licenceId), change.reason(), now);
                        yield true;
                    }
                    yield false;
                }
                case GRANT_RETURNED -> grantReturned(seat, now);
            };
            if (changed) {
                changedTitles.putIfAbsent(seat.publicationId, licences.getOrDefault(seat.publicationId, List.of()));
            }
        }
        availability.changedAll(changedTitles);
        return rest;
    }

    /**
     * The seat read under its title's lock. With the title known (an event names it) the lock comes first and the seat
     * is read once under it; otherwise the seat is read to learn its title, locked, and read again. Null for no seat.
     */
    private Seat lockedSeat(UUID holderId, UUID publicationId) {
        if (publicationId != null) {
            availability.lock(publicationId);
            Seat seat = Seat.findById(holderId);
            if (seat == null || seat.publicationId.equals(publicationId)) {
                return seat;
            }
            // the event named another title than the seat's: that title's lock is taken too, and the seat read again
        }
        Seat seat = Seat.findById(holderId);
        if (seat == null) {
            return null;
        }
        availability.lock(seat.publicationId);
        Seat.getEntityManager().refresh(seat);
        return seat;
    }

    /**
     * The sweep learned from loan-service that this seat's loan is active: confirms it as {@code loan.started} would
     * have. False when the seat is no longer waiting for a confirmation (confirmed, released or unknown).
     */
    @Transactional
    public boolean confirmReserved(UUID holderId) {
        Seat seat = Seat.findById(holderId);
        return seat != null && seat.state == Seat.State.RESERVED && confirmLocked(seat);
    }

    private boolean confirmLocked(Seat seat) {
        availability.lock(seat.publicationId);
        Seat.getEntityManager().refresh(seat);
        if (seat.state != Seat.State.RESERVED) {
            return false;
        }
        seat.state = Seat.State.CONFIRMED;
        seat.confirmedAt = Instant.now();
        return true;
    }

    /** Gives the seat back; releasing a seat twice, or one that never existed, changes nothing. */
    @Transactional
    public boolean release(UUID holderId, String reason) {
        return release(holderId, null, reason, false);
    }

    /**
     * {@link #release(UUID, String)} of a seat whose title the caller knows (an event names it): the title's lock is
     * taken first and the seat read once under it.
     */
    @Transactional
    public boolean release(UUID holderId, UUID publicationId, String reason) {
        return release(holderId, publicationId, reason, false);
    }

    /**
     * Gives the seat back only while no loan has confirmed it (the sweep's release): a seat confirmed in the meantime
     * belongs to a loan that exists, and is released by that loan's returned or expired event.
     */
    @Transactional
    public boolean releaseUnconfirmed(UUID holderId, String reason) {
        return release(holderId, null, reason, true);
    }

    private boolean release(UUID holderId, UUID publicationId, String reason, boolean onlyUnconfirmed) {
        if (publicationId == null) {
            Seat seen = Seat.findById(holderId);
            if (seen == null || !releasable(seen, onlyUnconfirmed)) {
                return false; // nothing to release: no lock taken
            }
        }
        Seat seat = lockedSeat(holderId, publicationId);
        if (seat == null || !releasable(seat, onlyUnconfirmed)) {
            return false;
        }
        releaseLocked(seat, Licence.findById(seat.licenceId), reason, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return true;
    }

    private static boolean releasable(Seat seat, boolean onlyUnconfirmed) {
        return onlyUnconfirmed ? seat.state == Seat.State.RESERVED : seat.isHeld();
    }

    private void releaseLocked(Seat seat, Licence licence, String reason, Instant now) {
        free(seat, licence, reason, now);
        availability.changed(licence.publicationId);
    }

    /** {@link #releaseLocked} but for recording the title's availability, which the caller does. */
    private void free(Seat seat, Licence licence, String reason, Instant now) {
        licence.releaseSeat(SeatKind.valueOf(seat.kind));
        seat.state = Seat.State.RELEASED;
        seat.releasedAt = now;
        Consumption.record("RELEASED", seat, licence.checkoutsLeft, now);
        if (licence.mayHaveCheckouts()) {
            checkouts.seatReleased(seat.holderId);
        }
        outbox.record(EventTypes.LICENCE_RELEASED, licence.id, licence.publicationId,
                new LicenceReleased(licence.id, licence.publicationId, seat.holderId, reason, now));
    }

    /**
     * A borrow at loan-service lent an escrow grant (its {@code loan.started} names the grant as the loan): the seat
     * becomes that loan's, confirmed, and the promised checkout is consumed (ledger, licence consumed); the title's
     * grants are topped up again (the caller records the availability). The grant's seat was taken all along, so this
     * is honoured even when the grant was asked back meanwhile (loan-service lent it before it saw the revocation). The
     * caller holds the title's lock and has checked that the seat is a grant still outstanding.
     */
    private void lendGrantLocked(Seat seat, String municipality, Instant loanUntil) {
        Licence licence = Licence.findById(seat.licenceId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        licence.lendGrantedSeat();
        seat.kind = SeatKind.LOAN.name();
        seat.state = Seat.State.CONFIRMED;
        seat.confirmedAt = now;
        seat.municipality = municipality;
        seat.loanUntil = loanUntil;
        consumed(licence, seat, now);
    }

    /**
     * loan-service gave back a grant no borrow lent (revoked, or people wait for the title): its seat is free again
     * and its promised checkout unpromised. A grant already lent or returned changes nothing.
     */
    @Transactional
    public boolean returnGrant(UUID grantId, UUID publicationId) {
        Seat seat = lockedSeat(grantId, publicationId);
        if (seat == null || !grantReturned(seat, Instant.now().truncatedTo(ChronoUnit.MICROS))) {
            return false;
        }
        availability.changed(seat.publicationId);
        return true;
    }

    /** {@link #returnGrant} on the seat read under its title's lock, but for recording the availability. */
    private static boolean grantReturned(Seat seat, Instant now) {
        if (!seat.isGrant() || seat.state != Seat.State.RESERVED) {
            return false;
        }
        Licence licence = Licence.findById(seat.licenceId);
        licence.releaseSeat(SeatKind.GRANT);
        seat.state = Seat.State.RELEASED;
        seat.releasedAt = now;
        Consumption.record("RELEASED", seat, licence.checkoutsLeft, now);
        return true;
    }

    /** LOAN seats reserved before the cut-off that no loan has confirmed, oldest first. */
    @Transactional
    public List<UUID> unconfirmedSince(Instant cutoff) {
        return Seat.unconfirmedSince(cutoff).stream().map(s -> s.holderId).toList();
    }

    @Transactional
    public List<UUID> holdsDue(Instant now) {
        return Seat.holdsDue(now).stream().map(s -> s.holderId).toList();
    }

    private static Seat find(UUID holderId) {
        Seat seat = Seat.findById(holderId);
        if (seat == null) {
            throw ProblemException.notFound("seat-not-found", holderId);
        }
        return seat;
    }

    private static SeatView view(Seat seat) {
        Licence licence = Licence.findById(seat.licenceId);
        Fulfilment fulfilment = seat.isHold() ? null
                : Fulfilment.of(licence, licence.mayHaveCheckouts() ? Checkout.findById(seat.holderId) : null);
        return new SeatView(seat.holderId, seat.licenceId, seat.publicationId, seat.state.name(), licence.maxLoanDays,
                licence.expires, seat.reservedAt, seat.kind, seat.heldUntil, seat.loanUntil, fulfilment);
    }
}
