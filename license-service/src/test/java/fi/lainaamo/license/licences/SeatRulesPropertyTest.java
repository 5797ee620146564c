package fi.lainaamo.license.licences;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of reserve (loan or hold), grant to the escrow, lend a hold or a grant, confirm, release and the
 * clock passing expiries, played against the same rules SeatService and SeatEscrow use (ConsumptionOrder and
 * Licence): no licence ever has more seats taken than its concurrency, more consumptions than its checkouts, fewer
 * checkouts left than it promised to holds and grants, or lends after its expiry.
 */
class SeatRulesPropertyTest {

    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    enum Op { RESERVE_LOAN, RESERVE_HOLD, GRANT, LEND_HOLD, LEND_GRANT, CONFIRM, RELEASE, CLOCK }

    record Step(Op op, int pick) {
    }

    record Terms(Integer concurrency, Integer checkouts, Integer expiresInHours) {
    }

    /** A seat in the model: which licence, and whether it is a hold's. */
    record Held(Licence licence, SeatKind kind) {
    }

    @Property(tries = 300)
    void seatsNeverExceedConcurrencyAndConsumptionsNeverExceedCheckouts(
            @ForAll("licences") @Size(min = 1, max = 4) List<Terms> terms,
            @ForAll("steps") @Size(max = 120) List<Step> steps) {
        List<Licence> licences = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            licences.add(licence(i, terms.get(i)));
        }
        Map<UUID, Integer> consumptions = new HashMap<>();
        List<Held> held = new ArrayList<>();
        Instant now = START;

        for (Step step : steps) {
            switch (step.op()) {
                case RESERVE_LOAN, RESERVE_HOLD -> {
                    SeatKind kind = step.op() == Op.RESERVE_LOAN ? SeatKind.LOAN : SeatKind.HOLD;
                    Instant at = now;
                    ConsumptionOrder.choose(licences, kind, now).ifPresent(l -> {
                        assertFalse(l.isExpired(at), "a seat was given on an expired licence");
                        if (kind == SeatKind.LOAN) {
                            l.takeSeat();
                            consumptions.merge(l.id, 1, Integer::sum);
                        } else {
                            l.holdSeat();
                        }
                        held.add(new Held(l, kind));
                    });
                }
                case GRANT -> {
                    Instant at = now;
                    ConsumptionOrder.choose(licences.stream().filter(Licence::isEscrowable).toList(), SeatKind.GRANT, now).ifPresent(l -> {
                        assertFalse(l.isExpired(at), "a seat was granted on an expired licence");
                        l.grantSeat();
                        held.add(new Held(l, SeatKind.GRANT));
                    });
                }
                case LEND_GRANT -> {
                    // loan-service lends a grant only while its licence has not expired (the grant carries the expiry)
                    Instant at = now;
                    List<Held> grants = held.stream().filter(h -> h.kind() == SeatKind.GRANT && !h.licence().isExpired(at)).toList();
                    if (!grants.isEmpty()) {
                        Held grant = grants.get(step.pick() % grants.size());
                        held.remove(grant);
                        grant.licence().lendGrantedSeat();
                        consumptions.merge(grant.licence().id, 1, Integer::sum);
                        held.add(new Held(grant.licence(), SeatKind.LOAN));
                    }
                }
                case LEND_HOLD -> {
                    List<Held> holds = held.stream().filter(h -> h.kind() == SeatKind.HOLD).toList();
                    if (!holds.isEmpty()) {
                        Held hold = holds.get(step.pick() % holds.size());
                        held.remove(hold);
                        if (hold.licence().canLendHeld(now)) {
                            hold.licence().lendHeldSeat();
                            consumptions.merge(hold.licence().id, 1, Integer::sum);
                            held.add(new Held(hold.licence(), SeatKind.LOAN));
                        } else {
                            hold.licence().releaseSeat(SeatKind.HOLD);
                        }
                    }
                }
                case RELEASE -> {
                    if (!held.isEmpty()) {
                        Held seat = held.remove(step.pick() % held.size());
                        seat.licence().releaseSeat(seat.kind());
                    }
                }
                case CLOCK -> now = now.plus(Duration.ofHours(1 + step.pick() % 48));
                case CONFIRM -> {
                    // confirming changes no counter: it only protects a loan's seat from the sweep
                }
            }
            for (Licence l : licences) {
                if (l.concurrency != null) {
                    assertTrue(l.seatsTaken <= l.concurrency, "seats taken exceed concurrency");
                }
                assertTrue(l.seatsTaken >= 0 && l.seatsHeldForHolds >= 0 && l.seatsGranted >= 0
                        && l.seatsHeldForHolds + l.seatsGranted <= l.seatsTaken);
                if (l.checkoutsLeft != null) {
                    assertTrue(l.checkoutsUnpromised() >= 0, "more checkouts promised to holds and grants than are left");
                }
                if (l.checkoutsTotal != null) {
                    assertTrue(consumptions.getOrDefault(l.id, 0) <= l.checkoutsTotal, "consumptions exceed checkouts");
                    assertTrue(l.checkoutsLeft >= 0, "checkouts left below zero");
                    assertTrue(l.checkoutsLeft + consumptions.getOrDefault(l.id, 0) == l.checkoutsTotal);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Terms>> licences() {
        Arbitrary<Integer> concurrency = Arbitraries.integers().between(1, 4).injectNull(0.2);
        Arbitrary<Integer> checkouts = Arbitraries.integers().between(1, 6).injectNull(0.4);
        Arbitrary<Integer> expires = Arbitraries.integers().between(1, 200).injectNull(0.5);
        return Combinators.combine(concurrency, checkouts, expires).as(Terms::new).list();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers().between(0, 1000)).as(Step::new).list();
    }

    private static Licence licence(int n, Terms terms) {
        Licence l = new Licence();
        l.id = UUID.nameUUIDFromBytes(("licence-" + n).getBytes());
        l.concurrency = terms.concurrency();
        l.checkoutsTotal = terms.checkouts();
        l.checkoutsLeft = terms.checkouts();
        l.expires = terms.expiresInHours() == null ? null : START.plus(Duration.ofHours(terms.expiresInHours()));
        l.createdAt = START.minusSeconds(n);
        return l;
    }
}
