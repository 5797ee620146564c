package fi.lainaamo.loan.holds;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HoldQueueTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    final UUID anna = UUID.randomUUID();
    final UUID bertil = UUID.randomUUID();
    final UUID cecilia = UUID.randomUUID();

    HoldQueue.Place place(UUID patron, long seq, boolean ready, LocalDate suspendedUntil) {
        return new HoldQueue.Place(UUID.randomUUID(), patron, seq, ready, suspendedUntil);
    }

    @Test
    void strictFifoByPlacementWhateverTheListOrder() {
        var c = place(cecilia, 30, false, null);
        var a = place(anna, 10, false, null);
        var b = place(bertil, 20, false, null);
        HoldQueue queue = new HoldQueue(List.of(c, a, b));
        assertEquals(1, queue.positionOf(a.holdId()));
        assertEquals(2, queue.positionOf(b.holdId()));
        assertEquals(3, queue.positionOf(c.holdId()));
        assertEquals(List.of(a, b), queue.nextInLine(2, TODAY));
    }

    @Test
    void suspendedHoldsKeepTheirPlaceButAreSkippedThroughTheirLastDay() {
        var a = place(anna, 1, false, TODAY);
        var b = place(bertil, 2, false, null);
        HoldQueue queue = new HoldQueue(List.of(a, b));
        assertEquals(1, queue.positionOf(a.holdId()));
        assertEquals(List.of(b), queue.nextInLine(1, TODAY));
        assertEquals(List.of(a), queue.nextInLine(1, TODAY.plusDays(1)));
    }

    @Test
    void readyHoldsAreAlreadyServed() {
        var a = place(anna, 1, true, null);
        var b = place(bertil, 2, false, null);
        HoldQueue queue = new HoldQueue(List.of(a, b));
        assertEquals(List.of(b), queue.nextInLine(5, TODAY));
    }

    @Test
    void holdsASeatIsBeingAskedForAreNotPickedAgain() {
        var a = place(anna, 1, false, null);
        var b = place(bertil, 2, false, null);
        var c = place(cecilia, 3, false, null);
        HoldQueue queue = new HoldQueue(List.of(a, b, c));
        // two free seats, one of them already being asked for Anna: only Bertil is picked besides
        assertEquals(List.of(b), queue.nextInLine(2 - 1, TODAY, Set.of(a.holdId())));
        assertEquals(List.of(), queue.nextInLine(0, TODAY, Set.of(a.holdId())));
    }
}
