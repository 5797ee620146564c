package fi.lainaamo.loan.holds;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WaitEstimateTest {

    @Test
    void eachCopyServesTheQueueOneLoanAfterAnother() {
        assertEquals(14, WaitEstimate.days(1, 1, 14));
        assertEquals(28, WaitEstimate.days(2, 1, 14));
        assertEquals(14, WaitEstimate.days(2, 2, 14));
        assertEquals(28, WaitEstimate.days(3, 2, 14));
    }

    @Test
    void unknownCopiesCountAsOneAndPartialDaysRoundUp() {
        assertEquals(21, WaitEstimate.days(1, null, 21));
        assertEquals(21, WaitEstimate.days(1, 0, 21));
        assertEquals(11, WaitEstimate.days(1, 1, 10.2));
    }

    @Test
    void nothingToWaitOutsideTheQueue() {
        assertEquals(0, WaitEstimate.days(0, 3, 14));
    }
}
