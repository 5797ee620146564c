package fi.lainaamo.loan.seats;

import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.problem.ProblemException.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells license-service what became of the loans and holds its seats are held for, so that it never gives back the
 * seat of an active loan because an event was late. Only committed loans and holds are seen. A borrow commits its loan
 * as pending before it asks for the seat, so an id license-service holds a seat for is known from the start; an
 * unknown id never had a loan or hold here (or its borrow was refused and forgotten, which took no seat).
 */
@ApplicationScoped
public class SeatHolders {

    /** The most ids one request may ask about. */
    public static final int MAX_IDS = 500;

    @Transactional
    public SeatHolderFates fates(List<UUID> ids) {
        List<Violation> reasons = new ArrayList<>();
        if (ids == null || ids.isEmpty()) {
            reasons.add(new Violation("holder-ids-required", "ids"));
        } else if (ids.size() > MAX_IDS) {
            reasons.add(new Violation("too-many-holder-ids", "ids", MAX_IDS));
        } else if (ids.contains(null)) {
            reasons.add(new Violation("invalid-field", "ids", "ids"));
        }
        if (!reasons.isEmpty()) {
            throw new ProblemException(400, "invalid-request", reasons);
        }
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(ids));
        Instant now = Instant.now();
        Map<UUID, SeatHolderFates.Fate> known = new HashMap<>();
        for (Loan loan : Loan.<Loan>list("id in ?1", distinct)) {
            known.put(loan.id, new SeatHolderFates.Fate(loan.id, "loan", loanState(loan, now)));
        }
        List<UUID> rest = distinct.stream().filter(id -> !known.containsKey(id)).toList();
        if (!rest.isEmpty()) {
            for (Hold hold : Hold.<Hold>list("id in ?1", rest)) {
                known.put(hold.id, new SeatHolderFates.Fate(hold.id, "hold", holdState(hold, now)));
            }
        }
        return new SeatHolderFates(distinct.stream().map(id -> known.getOrDefault(id, SeatHolderFates.Fate.unknown(id))).toList());
    }

    /**
     * A pending borrow is still asking for its seat (or was left by a crash, until the sweep fails it): license-service
     * keeps a seat it does not know as active or ended. A loan past its due date is ended even before the expiry sweep
     * marks it (it is never served as active); a failed borrow is ended.
     */
    private static String loanState(Loan loan, Instant now) {
        if (loan.state == Loan.State.PENDING) {
            return "pending";
        }
        return loan.isActiveAt(now) ? "active" : "ended";
    }

    /**
     * A ready hold past its window is ended: the borrow path no longer lends it the kept copy either. A waiting hold
     * holds a seat only while an offer settles it ({@code seat_asked_at} set): the offer, or after a crash the offer
     * sweep, makes it ready with that seat or gives the seat back; license-service's own end is the seat's heldUntil.
     */
    private static String holdState(Hold hold, Instant now) {
        if (hold.isReadyAt(now)) {
            return "ready";
        }
        return hold.state == Hold.State.WAITING ? "waiting" : "ended";
    }
}
