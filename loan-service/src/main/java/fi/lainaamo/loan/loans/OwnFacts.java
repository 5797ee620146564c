package fi.lainaamo.loan.loans;

import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.patrons.LibraryMembership;
import fi.lainaamo.loan.titles.Title;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What the borrow rules ask of loan-service's own tables about one patron and one title, read in one statement: the
 * title's known availability, the patron's standing, their library's membership, the loans counting toward the limit,
 * whether the title is already on loan to them (or its borrow pending), whether someone waits before them, the title's
 * queue length, whether the patron's own hold of it is ready, and how many walk-in borrows of it wait for their seat.
 * Asked one by one these were nine round trips to the database, a quarter of a refused borrow's time at one client
 * (BENCHMARKS.md, issue 14 ninth and tenth passes); a borrow, its dry-run and a known refusal now make one.
 */
@ApplicationScoped
class OwnFacts {

    /** A loan that counts toward the limit: active and not yet past its due date, or a borrow still pending. */
    private static final String COUNTS = "(l.state = 'ACTIVE' and l.due_at > :now or l.state = 'PENDING')";

    private static final String FACTS = """
            select coalesce((select s.blocked from patron_standing s where s.patron_id = :patron), false),
                m.library_id is not null, m.status, m.join_date, m.left_on,
                (select count(*) from loan l where l.patron_id = :patron and %1$s),
                exists (select 1 from loan l where l.patron_id = :patron and l.publication_id = :publication and %1$s),
                %2$s,
                %3$s,
                exists (select 1 from hold h where h.patron_id = :patron and h.publication_id = :publication
                    and h.state = 'READY' and (h.ready_until is null or h.ready_until > :now)),
                %4$s,
                t.publication_id is not null, t.seats_total, t.seats_free, t.seats_held_for_holds, t.availability_version
            from (values (1)) one left join library_membership m on m.library_id = :library
                left join title t on t.publication_id = :publication
            """.formatted(COUNTS, Hold.OTHERS_WAITING_BEFORE, Hold.QUEUE_LENGTH, Loan.PENDING_WALK_INS);

    /**
     * The facts read; {@code libraryMember} already applies the membership's dates to the day asked about, and
     * {@code ownHoldReady} the hold's own deadline to the moment ({@link Hold#isReadyAt}). {@code availability} is the
     * title's row as read (its availability only, never persisted), null when loan-service has not heard of the title.
     */
    record Read(boolean blocked, boolean libraryMember, long loansCounting, boolean onLoanOrPending,
                boolean othersWaitingFirst, long queueLength, boolean ownHoldReady, long pendingWalkIns, Title availability) {
    }

    @Inject
    EntityManager em;

    Read of(UUID patronId, UUID libraryId, UUID publicationId, Instant now, LocalDate today) {
        Object[] row = (Object[]) em.createNativeQuery(FACTS)
                .setParameter("patron", patronId)
                .setParameter("publication", publicationId)
                // a patron without a library matches no membership (and is no member below), never an unknown one
                .setParameter("library", libraryId == null ? new UUID(0, 0) : libraryId)
                .setParameter("now", now)
                .setParameter("day", today)
                .getSingleResult();
        LibraryMembership library = null; // not heard of: taken as a member, as LibraryMembership.lendsOn says
        if ((Boolean) row[1]) {
            library = new LibraryMembership(); // as read, never persisted
            library.status = (String) row[2];
            library.joinDate = day(row[3]);
            library.leftOn = day(row[4]);
        }
        boolean member = libraryId != null && LibraryMembership.lends(library, today);
        Title availability = null;
        if ((Boolean) row[11]) {
            availability = new Title(); // as read, never persisted
            availability.publicationId = publicationId;
            availability.seatsTotal = (Integer) row[12];
            availability.seatsFree = (Integer) row[13];
            availability.seatsHeldForHolds = (Integer) row[14];
            availability.availabilityVersion = row[15] == null ? null : ((Number) row[15]).longValue();
        }
        return new Read((Boolean) row[0], member, ((Number) row[5]).longValue(), (Boolean) row[6], (Boolean) row[7],
                ((Number) row[8]).longValue(), (Boolean) row[9], ((Number) row[10]).longValue(), availability);
    }

    private static LocalDate day(Object column) {
        return column instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) column;
    }
}
