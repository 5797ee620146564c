package fi.lainaamo.loan.holds;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldPlaced;
import fi.lainaamo.events.HoldResumed;
import fi.lainaamo.events.HoldSuspended;
import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.loan.loans.LoanService;
import fi.lainaamo.loan.patrons.LibraryMembership;
import fi.lainaamo.loan.patrons.PatronLocks;
import fi.lainaamo.loan.patrons.PatronStanding;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.loan.titles.Title;
import fi.lainaamo.loan.titles.Titles;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.problem.ProblemException.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The national hold queue: place, cancel, suspend and resume holds; note titles whose free seats (as license-service
 * reports them) can go to the next holds, which {@link SeatOffers} then makes ready after the commit (each ready hold
 * keeps a HOLD seat there for the ready window); expire ready holds not borrowed in time. Every queue change takes the
 * title's lock, so positions stay gap-free and strictly FIFO.
 */
@ApplicationScoped
public class HoldService {

    static final ZoneId FINLAND = LoanService.FINLAND;

    @Inject
    Titles titles;

    @Inject
    PatronLocks patronLocks;

    @Inject
    Outbox outbox;

    @Inject
    LendingPolicy policy;

    @Inject
    EntityManager em;

    @Inject
    SeatOffers offers;

    /** Who places the hold, from their token. */
    public record Holder(UUID patronId, String municipality, UUID libraryId) {
    }

    @Transactional
    public HoldView place(Holder holder, UUID publicationId, Locale locale) {
        patronLocks.lock(holder.patronId());
        Title title = titles.lock(publicationId);
        // the placement time is read under the title's lock, so it follows the queue order (seq) exactly
        Instant now = now();
        LocalDate today = LocalDate.ofInstant(now, FINLAND);
        List<Violation> reasons = new ArrayList<>();
        if (PatronStanding.isBlocked(holder.patronId())) {
            reasons.add(Violation.of("patron-blocked"));
        }
        if (holder.municipality() == null || !LibraryMembership.lendsOn(holder.libraryId(), today)) {
            reasons.add(Violation.of("library-not-member"));
        }
        if (title.withdrawn) {
            reasons.add(Violation.of("publication-withdrawn"));
        } else if (title.noLicenceLeft()) {
            reasons.add(Violation.of("no-licence-left"));
        }
        if (Hold.openOf(holder.patronId(), publicationId).isPresent()) {
            reasons.add(Violation.of("already-on-hold"));
        } else if (Hold.openCountOfPatron(holder.patronId()) >= policy.holdLimit()) {
            reasons.add(Violation.of("hold-limit-reached", policy.holdLimit()));
        }
        if (Loan.count("patronId = ?1 and publicationId = ?2 and state = ?3 and dueAt > ?4",
                holder.patronId(), publicationId, Loan.State.ACTIVE, now) > 0) {
            reasons.add(Violation.of("already-on-loan"));
        }
        if (title.knownFreeCopy() && !Hold.othersWaitingBefore(publicationId, holder.patronId(), today)) {
            reasons.add(Violation.of("copy-available"));
        }
        if (!reasons.isEmpty()) {
            throw new ProblemException(422, "hold-refused", reasons);
        }
        Hold hold = new Hold();
        hold.id = UUID.randomUUID();
        hold.patronId = holder.patronId();
        hold.publicationId = publicationId;
        hold.municipality = holder.municipality();
        hold.libraryId = holder.libraryId();
        hold.state = Hold.State.WAITING;
        hold.placedAt = now;
        hold.persist();
        em.flush();
        em.refresh(hold);
        outbox.record(EventTypes.HOLD_PLACED, hold.id, publicationId,
                new HoldPlaced(hold.id, hold.patronId, publicationId, hold.municipality, now));
        titles.queueChanged(title);
        return view(hold, title, locale);
    }

    @Transactional
    public HoldView cancel(UUID patronId, UUID holdId, Locale locale) {
        patronLocks.lock(patronId);
        Hold hold = owned(patronId, holdId);
        Title title = titles.lock(hold.publicationId);
        hold = Hold.findById(holdId, LockModeType.PESSIMISTIC_WRITE);
        if (!hold.isOpen()) {
            throw ProblemException.conflict("hold-not-open", holdId);
        }
        cancel(hold, "patron-cancelled", now());
        titles.queueChanged(title);
        return view(hold, title, locale);
    }

    /** Ends an open hold with a reason the patron can read; license-service releases its seat if it was ready. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(Hold hold, String reason, Instant now) {
        end(hold, Hold.State.CANCELLED, reason, now);
        outbox.record(EventTypes.HOLD_CANCELLED, hold.id, hold.publicationId,
                new HoldCancelled(hold.id, hold.patronId, hold.publicationId, reason, now));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void end(Hold hold, Hold.State state, String reason, Instant now) {
        hold.state = state;
        hold.endedAt = now;
        hold.endReason = reason;
        hold.suspendedUntil = null;
    }

    /**
     * Keeps the patron's place but skips them through {@code until}. A ready hold cannot be suspended, nor one a seat is
     * being asked for right now: license-service keeps a seat for one hold id only once, so a seat given back for a
     * suspension could never be taken for that hold again.
     */
    @Transactional
    public HoldView suspend(UUID patronId, UUID holdId, LocalDate until, Locale locale) {
        LocalDate today = LocalDate.now(FINLAND);
        if (until == null || !until.isAfter(today) || until.isAfter(today.plusDays(policy.maxSuspensionDays()))) {
            throw new ProblemException(422, "suspension-date-invalid", policy.maxSuspensionDays());
        }
        patronLocks.lock(patronId);
        Hold hold = owned(patronId, holdId);
        Title title = titles.lock(hold.publicationId);
        hold = Hold.findById(holdId, LockModeType.PESSIMISTIC_WRITE);
        if (hold.state == Hold.State.READY) {
            throw ProblemException.conflict("hold-ready", holdId);
        }
        if (!hold.isOpen()) {
            throw ProblemException.conflict("hold-not-open", holdId);
        }
        if (hold.seatAskedAt != null) {
            throw ProblemException.conflict("hold-being-offered", holdId);
        }
        hold.suspendedUntil = until;
        outbox.record(EventTypes.HOLD_SUSPENDED, hold.id, hold.publicationId,
                new HoldSuspended(hold.id, hold.patronId, hold.publicationId, until));
        return view(hold, title, locale);
    }

    /** Takes a suspended hold back into the queue at its old place; a free copy may make it ready right after. */
    @Transactional
    public HoldView resume(UUID patronId, UUID holdId, Locale locale) {
        patronLocks.lock(patronId);
        Hold hold = owned(patronId, holdId);
        Title title = titles.lock(hold.publicationId);
        hold = Hold.findById(holdId, LockModeType.PESSIMISTIC_WRITE);
        if (!hold.isOpen()) {
            throw ProblemException.conflict("hold-not-open", holdId);
        }
        if (hold.suspendedUntil != null) {
            hold.suspendedUntil = null;
            Instant now = now();
            outbox.record(EventTypes.HOLD_RESUMED, hold.id, hold.publicationId,
                    new HoldResumed(hold.id, hold.patronId, hold.publicationId, now));
            em.flush();
            offers.note(title);
        }
        return view(hold, title, locale);
    }

    /**
     * license-service's availability, one change or a consumer's batch of them, in one statement: each title's newest
     * version among them is written where it is newer than what is known (a title not known yet is created), as applying
     * them one by one would leave it. Only the titles for which more must happen are then loaded, under the row lock the
     * statement took: no licence left (their holds are cancelled), or a copy free with holds open (an offer is noted;
     * the seats are asked for after the commit, so the consumer never waits on license-service). Under load the
     * consumer was minutes behind when each event took a lock, an update and a hold-queue read, each round trip
     * waiting for a CPU (issue 14).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void availabilityChanged(List<AvailabilityChanged> changes) {
        java.util.Map<UUID, AvailabilityChanged> newest = new java.util.TreeMap<>(); // in title order: rows locked in one order
        for (AvailabilityChanged change : changes) {
            newest.merge(change.publicationId(), change, (a, b) -> b.version() > a.version() ? b : a);
        }
        List<AvailabilityChanged> rows = List.copyOf(newest.values());
        List<UUID> followUp = em.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            try (java.sql.PreparedStatement upsert = connection.prepareStatement(
                    "insert into title (publication_id, availability_version, seats_total, seats_free, seats_held_for_holds) "
                            + "select * from unnest(?::uuid[], ?::bigint[], ?::int[], ?::int[], ?::int[]) "
                            + "on conflict (publication_id) do update set availability_version = excluded.availability_version, "
                            + "seats_total = excluded.seats_total, seats_free = excluded.seats_free, "
                            + "seats_held_for_holds = excluded.seats_held_for_holds "
                            + "where title.availability_version is null or title.availability_version < excluded.availability_version "
                            + "returning publication_id, (seats_total = 0 and coalesce(seats_held_for_holds, 0) = 0) "
                            + "or (seats_free > 0 and exists (select 1 from hold h where h.publication_id = title.publication_id "
                            + "and h.state in ('WAITING', 'READY')))")) {
                upsert.setArray(1, connection.createArrayOf("uuid", rows.stream().map(AvailabilityChanged::publicationId).toArray()));
                upsert.setArray(2, connection.createArrayOf("bigint", rows.stream().map(AvailabilityChanged::version).toArray()));
                upsert.setArray(3, connection.createArrayOf("integer", rows.stream().map(AvailabilityChanged::seatsTotal).toArray()));
                upsert.setArray(4, connection.createArrayOf("integer", rows.stream().map(AvailabilityChanged::seatsFree).toArray()));
                upsert.setArray(5, connection.createArrayOf("integer", rows.stream().map(AvailabilityChanged::seatsHeldForHolds).toArray()));
                List<UUID> more = new ArrayList<>();
                try (java.sql.ResultSet written = upsert.executeQuery()) {
                    while (written.next()) {
                        if (written.getBoolean(2)) {
                            more.add(written.getObject(1, UUID.class));
                        }
                    }
                }
                return more;
            }
        });
        for (UUID publicationId : followUp) {
            Title title = titles.lock(publicationId); // locked already by the statement; read as it wrote it
            if (title.noLicenceLeft()) {
                cancelAll(title, "no-licence-left", now());
            } else {
                offers.note(title);
            }
        }
    }

    /**
     * Titles with free seats and someone waiting who is not suspended nor being asked a seat for: the sweep offers them
     * again (a suspension ended).
     */
    @Transactional
    public List<UUID> titlesWithUnofferedSeats() {
        return em.createNativeQuery("select t.publication_id from title t where t.seats_free > 0 and exists "
                        + "(select 1 from hold h where h.publication_id = t.publication_id and h.state = 'WAITING' "
                        + "and h.seat_asked_at is null and (h.suspended_until is null or h.suspended_until < ?1))", UUID.class)
                .setParameter(1, LocalDate.now(FINLAND)).getResultList();
    }

    /** Titles with ready holds whose window has passed (and that no borrow is turning into a loan right now). */
    @Transactional
    public List<UUID> titlesWithReadyHoldsPast(Instant now) {
        return em.createNativeQuery("select distinct publication_id from hold h where state = 'READY' and ready_until <= ?1 "
                        + "and not exists (select 1 from loan l where l.hold_id = h.id and l.state = 'PENDING')", UUID.class)
                .setParameter(1, now).getResultList();
    }

    /**
     * Expires the title's ready holds not borrowed in time. license-service releases their seats when it sees the
     * expired events and reports the seats free again, which makes the next in line ready. A hold whose borrow is
     * pending (begun inside the window, its seat being lent right now) is left to that borrow: it is fulfilled when
     * the loan starts, and expires on a later sweep if the borrow fails.
     */
    @Transactional
    public int expireReady(UUID publicationId, Instant now) {
        Title title = titles.lock(publicationId);
        List<Hold> past = Hold.list("from Hold h where h.publicationId = ?1 and h.state = ?2 and h.readyUntil <= ?3 and not exists "
                + "(select 1 from Loan l where l.holdId = h.id and l.state = ?4)", publicationId, Hold.State.READY, now, Loan.State.PENDING);
        for (Hold hold : past) {
            end(hold, Hold.State.EXPIRED, "ready-window-passed", now);
            outbox.record(EventTypes.HOLD_EXPIRED, hold.id, hold.publicationId,
                    new HoldExpired(hold.id, hold.patronId, hold.publicationId, now));
        }
        if (!past.isEmpty()) {
            titles.queueChanged(title);
        }
        return past.size();
    }

    /** The title left the catalogue: every open hold on it is cancelled with a reason; loans continue. */
    @Transactional
    public void withdrawn(UUID publicationId, Instant at) {
        Title title = titles.lock(publicationId);
        title.withdrawn = true;
        cancelAll(title, "publication-withdrawn", at);
    }

    /** Cancels every open hold of a title that can never be lent to them, with a reason the patron can read. */
    private void cancelAll(Title title, String reason, Instant at) {
        List<Hold> open = Hold.queue(title.publicationId);
        for (Hold hold : open) {
            cancel(hold, reason, at);
        }
        if (!open.isEmpty()) {
            titles.queueChanged(title);
        }
    }

    /** The title's queue as the plain rules see it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public HoldQueue queueOf(UUID publicationId) {
        return new HoldQueue(Hold.queue(publicationId).stream()
                .map(h -> new HoldQueue.Place(h.id, h.patronId, h.seq, h.state == Hold.State.READY, h.suspendedUntil))
                .toList());
    }

    @Transactional
    public List<HoldView> ofPatron(UUID patronId, boolean openOnly, Locale locale) {
        return Hold.ofPatron(patronId, openOnly).stream().map(h -> view(h, titles.peek(h.publicationId), locale)).toList();
    }

    @Transactional
    public HoldView get(UUID patronId, UUID holdId, Locale locale) {
        Hold hold = owned(patronId, holdId);
        return view(hold, titles.peek(hold.publicationId), locale);
    }

    private Hold owned(UUID patronId, UUID holdId) {
        Hold hold = Hold.findById(holdId);
        if (hold == null || !patronId.equals(hold.patronId)) {
            throw ProblemException.notFound("hold-not-found", holdId);
        }
        return hold;
    }

    /** The hold with its position and estimated wait. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public HoldView view(Hold hold, Title title, Locale locale) {
        Integer position = null;
        Integer queueLength = null;
        Integer wait = null;
        String state = hold.state.name().toLowerCase();
        if (hold.isOpen()) {
            position = hold.position();
            queueLength = (int) Hold.openCount(hold.publicationId);
            wait = hold.state == Hold.State.READY ? 0
                    : WaitEstimate.days(position, title == null ? null : title.seatsTotal, averageLoanDays(hold.publicationId));
            if (hold.state == Hold.State.WAITING && hold.suspendedOn(LocalDate.now(FINLAND))) {
                state = "suspended";
            }
        }
        String reasonText = hold.endReason == null ? null : Messages.text("hold-end." + hold.endReason, locale);
        return new HoldView(hold.id, hold.publicationId, state, hold.placedAt, position, queueLength, wait,
                hold.suspendedUntil, hold.state == Hold.State.READY ? hold.readyUntil : null, hold.endedAt,
                hold.endReason, reasonText, hold.loanId);
    }

    /** How long loans of the title last on average; the policy's loan length until some have ended. */
    double averageLoanDays(UUID publicationId) {
        Object avg = em.createNativeQuery("select avg(extract(epoch from (returned_at - started_at))) from loan "
                        + "where publication_id = ?1 and state <> 'ACTIVE' and returned_at is not null")
                .setParameter(1, publicationId).getSingleResult();
        if (avg == null) {
            return policy.loanDays();
        }
        return Math.max(((Number) avg).doubleValue() / 86400.0, 1.0 / 24);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
