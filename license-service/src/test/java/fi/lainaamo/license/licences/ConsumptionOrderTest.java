package fi.lainaamo.license.licences;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumptionOrderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void timeLimitedSoonestFirstThenPerpetualThenTimeAndLoanThenMostCheckoutsLeft() {
        Licence loanLimitedFew = licence("loan-few", null, 3);
        Licence loanLimitedMany = licence("loan-many", null, 30);
        Licence timeAndLoan = licence("time-and-loan", NOW.plus(Duration.ofDays(5)), 10);
        Licence perpetual = licence("perpetual", null, null);
        Licence timeLater = licence("time-later", NOW.plus(Duration.ofDays(300)), null);
        Licence timeSoon = licence("time-soon", NOW.plus(Duration.ofDays(30)), null);

        List<Licence> sorted = List.of(loanLimitedFew, loanLimitedMany, timeAndLoan, perpetual, timeLater, timeSoon)
                .stream().sorted(ConsumptionOrder.ORDER).toList();

        assertEquals(List.of(timeSoon, timeLater, perpetual, timeAndLoan, loanLimitedMany, loanLimitedFew), sorted);
    }

    @Test
    void neverChoosesExpiredExhaustedOrFullLicences() {
        Licence expired = licence("expired", NOW.minusSeconds(1), null);
        Licence exhausted = licence("exhausted", null, 0);
        Licence full = licence("full", null, null);
        full.seatsTaken = full.concurrency;
        Licence usable = licence("usable", null, 1);

        assertEquals(usable, ConsumptionOrder.choose(List.of(expired, exhausted, full, usable), NOW).orElseThrow());
        assertTrue(ConsumptionOrder.choose(List.of(expired, exhausted, full), NOW).isEmpty());
    }

    @Test
    void unlimitedLicenceAlwaysHasASeatUntilItsCheckoutsRunOut() {
        Licence unlimited = licence("unlimited", null, 2);
        unlimited.concurrency = null;
        unlimited.seatsTaken = 10_000;
        assertTrue(unlimited.canLend(NOW));
        unlimited.takeSeat();
        unlimited.takeSeat();
        assertTrue(unlimited.isExhausted());
        assertTrue(ConsumptionOrder.choose(List.of(unlimited), NOW).isEmpty());
    }

    @Test
    void aHoldKeepsItsCheckoutFromWalkInLoans() {
        Licence metered = licence("metered", null, 1);
        metered.concurrency = 5;
        metered.holdSeat();
        assertTrue(ConsumptionOrder.choose(List.of(metered), SeatKind.LOAN, NOW).isEmpty());
        assertTrue(ConsumptionOrder.choose(List.of(metered), SeatKind.HOLD, NOW).isEmpty());
        assertTrue(metered.canLendHeld(NOW));
        metered.lendHeldSeat();
        assertEquals(0, metered.checkoutsLeft);
        assertEquals(1, metered.seatsTaken);
        assertEquals(0, metered.seatsHeldForHolds);
    }

    @Test
    void anUnavailableLicenceLendsNothing() {
        Licence withdrawn = licence("withdrawn", null, null);
        withdrawn.status = Licence.UNAVAILABLE;
        assertTrue(ConsumptionOrder.choose(List.of(withdrawn), NOW).isEmpty());
        assertEquals("unavailable", withdrawn.statusAt(NOW));
    }

    @Test
    void noLicenceLeftOnlyWhenNoLicenceCanEverLendAgainOtherwiseNoFreeCopy() {
        Licence expired = licence("expired", NOW.minusSeconds(1), null);
        Licence exhausted = licence("exhausted", null, 0);
        Licence withdrawn = licence("withdrawn", null, null);
        withdrawn.status = Licence.UNAVAILABLE;
        Licence full = licence("full", null, null);
        full.seatsTaken = full.concurrency;
        Licence promised = licence("promised", null, 1);
        promised.concurrency = 5;
        promised.holdSeat();

        assertEquals("no-licence", ConsumptionOrder.refusal(List.of(), NOW));
        assertEquals("no-licence-left", ConsumptionOrder.refusal(List.of(expired), NOW));
        assertEquals("no-licence-left", ConsumptionOrder.refusal(List.of(expired, exhausted, withdrawn), NOW));
        // a copy comes back when a loan ends, or when a ready hold lets its checkout go: a hold makes sense
        assertEquals("no-free-copy", ConsumptionOrder.refusal(List.of(expired, full), NOW));
        assertEquals("no-free-copy", ConsumptionOrder.refusal(List.of(exhausted, promised), NOW));
        // a licence whose expiry is reached counts as ended at that instant
        Licence endsNow = licence("ends-now", NOW, null);
        endsNow.seatsTaken = 1;
        assertEquals("no-licence-left", ConsumptionOrder.refusal(List.of(endsNow), NOW));
    }

    private static Licence licence(String name, Instant expires, Integer checkoutsLeft) {
        Licence l = new Licence();
        l.id = UUID.nameUUIDFromBytes(name.getBytes());
        l.concurrency = 1;
        l.expires = expires;
        l.checkoutsTotal = checkoutsLeft == null ? null : Math.max(checkoutsLeft, 1) * 2;
        l.checkoutsLeft = checkoutsLeft;
        l.createdAt = NOW.minus(Duration.ofDays(1));
        return l;
    }
}
