package fi.lainaamo.loan.holds;

import io.quarkus.test.TestTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who stands before a patron in a title's queue, asked of the database ({@link Hold#othersWaitingBefore}): strict
 * placement order, suspended holds skipped through their last day, a ready hold always ahead, ended holds not at all.
 */
@QuarkusTest
class OthersWaitingTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    final UUID title = UUID.randomUUID();
    final UUID anna = UUID.randomUUID();
    final UUID bertil = UUID.randomUUID();
    final UUID walkIn = UUID.randomUUID();

    @Test
    @TestTransaction
    void anEmptyQueueHasNobodyWaiting() {
        assertFalse(Hold.othersWaitingBefore(title, walkIn, TODAY));
    }

    @Test
    @TestTransaction
    void aWalkInWaitsBehindAWaitingHold() {
        hold(anna, Hold.State.WAITING, null);
        assertTrue(Hold.othersWaitingBefore(title, walkIn, TODAY));
    }

    @Test
    @TestTransaction
    void aHoldSuspendedThroughTodayIsSkippedAndOneSuspendedUntilYesterdayIsNot() {
        hold(anna, Hold.State.WAITING, TODAY);
        assertFalse(Hold.othersWaitingBefore(title, walkIn, TODAY), "suspended through its last day");
        assertTrue(Hold.othersWaitingBefore(title, walkIn, TODAY.plusDays(1)), "the suspension is over");
    }

    @Test
    @TestTransaction
    void aReadyHoldIsAheadEvenIfItsSuspensionRuns() {
        hold(anna, Hold.State.READY, TODAY.plusDays(3));
        assertTrue(Hold.othersWaitingBefore(title, walkIn, TODAY));
    }

    @Test
    @TestTransaction
    void theHeadOfTheQueueHasNobodyBeforeThemAndTheSecondHas() {
        hold(anna, Hold.State.WAITING, null);
        hold(bertil, Hold.State.WAITING, null);
        assertFalse(Hold.othersWaitingBefore(title, anna, TODAY));
        assertTrue(Hold.othersWaitingBefore(title, bertil, TODAY));
    }

    @Test
    @TestTransaction
    void endedHoldsAndOtherTitlesDoNotCount() {
        hold(anna, Hold.State.CANCELLED, null);
        hold(UUID.randomUUID(), bertil, Hold.State.WAITING, null);
        assertFalse(Hold.othersWaitingBefore(title, walkIn, TODAY));
    }

    @Test
    @TestTransaction
    void anErasedPatronsHoldStillKeepsItsPlace() {
        hold(null, Hold.State.WAITING, null);
        hold(anna, Hold.State.WAITING, null);
        assertTrue(Hold.othersWaitingBefore(title, anna, TODAY));
    }

    private void hold(UUID patron, Hold.State state, LocalDate suspendedUntil) {
        hold(title, patron, state, suspendedUntil);
    }

    private static void hold(UUID publication, UUID patron, Hold.State state, LocalDate suspendedUntil) {
        Hold hold = new Hold();
        hold.id = UUID.randomUUID();
        hold.patronId = patron;
        hold.publicationId = publication;
        hold.municipality = "091";
        hold.state = state;
        hold.placedAt = Instant.now();
        hold.suspendedUntil = suspendedUntil;
        hold.persistAndFlush(); // seq comes from the database's sequence, in placement order
    }
}
