package fi.lainaamo.catalog.availability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EstimatedWaitTest {

    @Test
    void aFreeCopyMeansNoWait() {
        assertEquals(0, EstimatedWait.days(3, 1, 0, 14));
    }

    @Test
    void theFirstInLineWaitsHalfALoanAndEveryFurtherRoundAWholeOne() {
        assertEquals(7, EstimatedWait.days(1, 0, 0, 14));
        assertEquals(21, EstimatedWait.days(1, 0, 1, 14));
        assertEquals(7, EstimatedWait.days(2, 0, 1, 14));
        assertEquals(21, EstimatedWait.days(2, 0, 2, 14));
        assertEquals(8, EstimatedWait.days(1, 0, 0, 15));
    }

    @Test
    void aFreeCopyWithPeopleWaitingStillMeansAQueue() {
        assertEquals(7, EstimatedWait.days(2, 1, 1, 14));
    }

    @Test
    void aTitleWithoutCopiesHasNoEstimate() {
        assertNull(EstimatedWait.days(0, 0, 3, 14));
    }
}
