package fi.lainaamo.license.licences;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which licence a new loan consumes: time-limited soonest-expiring first (they are lost if unused), then perpetual,
 * then time- and loan-limited, then loan-limited with the most checkouts left. Licences that cannot lend now
 * (expired, exhausted, full) are never chosen.
 */
public final class ConsumptionOrder {

    enum Model { TIME_LIMITED, PERPETUAL, TIME_AND_LOAN_LIMITED, LOAN_LIMITED }

    static final Comparator<Licence> ORDER = Comparator
            .comparing(ConsumptionOrder::model)
            .thenComparing(l -> l.expires == null ? Instant.MAX : l.expires)
            .thenComparing(l -> l.checkoutsLeft == null ? 0 : -l.checkoutsLeft)
            .thenComparing(l -> l.createdAt == null ? Instant.EPOCH : l.createdAt)
            .thenComparing(l -> l.id);

    private ConsumptionOrder() {
    }

    static Model model(Licence l) {
        boolean timed = l.expires != null;
        boolean metered = l.checkoutsTotal != null;
        if (timed && !metered) {
            return Model.TIME_LIMITED;
        }
        if (!timed && !metered) {
            return Model.PERPETUAL;
        }
        return timed ? Model.TIME_AND_LOAN_LIMITED : Model.LOAN_LIMITED;
    }

    /**
     * The licence's place among the models of the order (0 first): loan-service lends escrow grants by it, soonest
     * expiry next, so grants of several licences are used in the same order as seats asked for here.
     */
    public static int rank(Licence licence) {
        return model(licence).ordinal();
    }

    /** The licence to take a seat from, if any can lend at {@code now}. */
    public static Optional<Licence> choose(List<Licence> licences, Instant now) {
        return choose(licences, SeatKind.LOAN, now);
    }

    /** The licence to take a seat of this kind from, if any can give one at {@code now}. */
    public static Optional<Licence> choose(List<Licence> licences, SeatKind kind, Instant now) {
        return licences.stream().filter(l -> l.canTake(kind, now)).min(ORDER);
    }

    /**
     * Why no licence gives a seat now, as the code the patron sees: {@code no-licence} when the title has none,
     * {@code no-free-copy} while some licence is in force and only its copies are out (a hold will get one), and
     * {@code no-licence-left} when every licence has expired, run out of checkouts or been withdrawn by the distributor
     * (nothing can lend it again until a new licence is bought, so a hold would never be served).
     */
    public static String refusal(List<Licence> licences, Instant now) {
        if (licences.isEmpty()) {
            return "no-licence";
        }
        return licences.stream().anyMatch(l -> l.isLendable(now)) ? "no-free-copy" : "no-licence-left";
    }
}
