package fi.lainaamo.loan.loans;

import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.patrons.LibraryMembership;
import fi.lainaamo.loan.patrons.PatronStanding;
import fi.lainaamo.loan.titles.Title;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The borrow rules' facts as their one statement reads them ({@link OwnFacts}): what counts toward the limit, the
 * title on loan or pending, the standing, the library's membership on the day, the queue, the own ready hold, the
 * walk-ins waiting for a seat and the title's known availability.
 */
@QuarkusTest
class OwnFactsTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Inject
    OwnFacts facts;

    final UUID patron = UUID.randomUUID();
    final UUID library = UUID.randomUUID();
    final UUID title = UUID.randomUUID();

    @Test
    @TestTransaction
    void aNewPatronOfALibraryNotYetHeardOfHasNothingAgainstThem() {
        OwnFacts.Read read = read();
        assertFalse(read.blocked());
        assertTrue(read.libraryMember(), "a library whose events have not arrived is taken as a member");
        assertEquals(0, read.loansCounting());
        assertFalse(read.onLoanOrPending());
        assertFalse(read.othersWaitingFirst());
        assertEquals(0, read.queueLength());
    }

    @Test
    @TestTransaction
    void activeLoansNotYetDueAndPendingBorrowsCountTowardTheLimitAndEndedOnesDoNot() {
        loan(title, Loan.State.PENDING, NOW.plus(Duration.ofDays(21)));
        loan(UUID.randomUUID(), Loan.State.ACTIVE, NOW.plus(Duration.ofDays(3)));
        loan(UUID.randomUUID(), Loan.State.ACTIVE, NOW.minus(Duration.ofMinutes(1))); // due, not yet swept
        loan(UUID.randomUUID(), Loan.State.RETURNED, NOW.plus(Duration.ofDays(3)));
        loan(UUID.randomUUID(), Loan.State.FAILED, NOW.plus(Duration.ofDays(3)));
        OwnFacts.Read read = read();
        assertEquals(2, read.loansCounting());
        assertTrue(read.onLoanOrPending(), "the pending borrow of this very title");
        assertFalse(facts.of(patron, library, UUID.randomUUID(), NOW, TODAY).onLoanOrPending(), "another title");
    }

    @Test
    @TestTransaction
    void aBlockedPatronIsBlocked() {
        PatronStanding standing = new PatronStanding();
        standing.patronId = patron;
        standing.blocked = true;
        standing.persist();
        assertTrue(read().blocked());
    }

    @Test
    @TestTransaction
    void theMembershipIsJudgedOnTheDay() {
        membership("joined", TODAY.plusDays(1), null);
        assertFalse(read().libraryMember(), "joins tomorrow");
        assertTrue(facts.of(patron, library, title, NOW.plus(Duration.ofDays(1)), TODAY.plusDays(1)).libraryMember());
        assertFalse(facts.of(patron, null, title, NOW, TODAY).libraryMember(), "a patron without a library");
    }

    @Test
    @TestTransaction
    void aLibraryThatLeftLendsNoMore() {
        membership("left", TODAY.minusYears(1), TODAY);
        assertFalse(read().libraryMember());
    }

    @Test
    @TestTransaction
    void theQueueCountsOpenHoldsAndSomeoneBeforeThePatronWaitsFirst() {
        hold(UUID.randomUUID(), Hold.State.WAITING);
        hold(UUID.randomUUID(), Hold.State.CANCELLED);
        hold(patron, Hold.State.WAITING);
        OwnFacts.Read read = read();
        assertEquals(2, read.queueLength());
        assertTrue(read.othersWaitingFirst());
    }

    @Test
    @TestTransaction
    void theOwnHoldIsReadyOnlyWhileItsOfferLasts() {
        Hold waiting = hold(patron, Hold.State.WAITING);
        assertFalse(read().ownHoldReady(), "waiting, not ready");
        waiting.state = Hold.State.READY;
        waiting.readyUntil = NOW.plus(Duration.ofHours(1));
        assertTrue(read().ownHoldReady());
        assertFalse(facts.of(patron, library, title, NOW.plus(Duration.ofHours(1)), TODAY).ownHoldReady(), "the offer ran out");
        waiting.readyUntil = null;
        assertTrue(read().ownHoldReady(), "ready with no deadline");
        assertFalse(facts.of(UUID.randomUUID(), library, title, NOW, TODAY).ownHoldReady(), "another patron's");
    }

    @Test
    @TestTransaction
    void onlyPendingBorrowsOfTheTitleThatAreNotOfAReadyHoldAreWalkInsWaitingForASeat() {
        // each another patron's: a patron has at most one active or pending loan of a title
        Instant due = NOW.plus(Duration.ofDays(21));
        loan(UUID.randomUUID(), title, Loan.State.PENDING, due);
        loan(UUID.randomUUID(), title, Loan.State.PENDING, due).holdId = UUID.randomUUID();
        loan(UUID.randomUUID(), title, Loan.State.ACTIVE, due);
        loan(UUID.randomUUID(), UUID.randomUUID(), Loan.State.PENDING, due);
        assertEquals(1, read().pendingWalkIns());
        assertEquals(0, facts.of(patron, library, UUID.randomUUID(), NOW, TODAY).pendingWalkIns(), "another title's pending borrow only");
    }

    @Test
    @TestTransaction
    void theTitlesKnownAvailabilityIsReadWithTheRestAndAnUnknownTitleHasNone() {
        assertNull(read().availability(), "never heard of");
        Title known = new Title();
        known.publicationId = title;
        known.seatsTotal = 3;
        known.seatsFree = 0;
        known.seatsHeldForHolds = 1;
        known.availabilityVersion = 7L;
        known.persist();
        Title read = read().availability();
        assertEquals(title, read.publicationId);
        assertEquals(3, read.seatsTotal);
        assertEquals(0, read.seatsFree);
        assertEquals(1, read.seatsHeldForHolds);
        assertEquals(7L, read.availabilityVersion);
        assertTrue(read.knownNoFreeCopy());
        Title named = new Title();
        named.publicationId = UUID.randomUUID();
        named.name = "Tuntematon sotilas"; // from the catalogue, no availability yet
        named.persist();
        Title unknownCopies = facts.of(patron, library, named.publicationId, NOW, TODAY).availability();
        assertNull(unknownCopies.seatsFree);
        assertNull(unknownCopies.availabilityVersion);
        assertFalse(unknownCopies.knownNoFreeCopy() || unknownCopies.knownFreeCopy() || unknownCopies.noLicenceLeft());
    }

    private OwnFacts.Read read() {
        return facts.of(patron, library, title, NOW, TODAY);
    }

    private void loan(UUID publication, Loan.State state, Instant due) {
        loan(patron, publication, state, due);
    }

    private Loan loan(UUID borrower, UUID publication, Loan.State state, Instant due) {
        Loan loan = new Loan();
        loan.id = UUID.randomUUID();
        loan.patronId = borrower;
        loan.publicationId = publication;
        loan.licenceId = UUID.randomUUID();
        loan.municipality = "091";
        loan.libraryId = library;
        loan.state = state;
        loan.startedAt = NOW.minus(Duration.ofDays(1));
        loan.updatedAt = loan.startedAt;
        loan.dueAt = due;
        loan.persist();
        return loan;
    }

    private void membership(String status, LocalDate joined, LocalDate left) {
        LibraryMembership membership = new LibraryMembership();
        membership.libraryId = library;
        membership.status = status;
        membership.joinDate = joined;
        membership.leftOn = left;
        membership.persist();
    }

    private Hold hold(UUID holder, Hold.State state) {
        Hold hold = new Hold();
        hold.id = UUID.randomUUID();
        hold.patronId = holder;
        hold.publicationId = title;
        hold.municipality = "091";
        hold.state = state;
        hold.placedAt = NOW;
        hold.persist();
        return hold;
    }
}
