package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceConsumed;
import fi.lainaamo.events.LicenceReleased;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.ConsumptionOrder;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Takes, confirms and releases seats. A seat, its licence's counters, the ledger line and the events change in one
 * transaction under the publication's lock, so two loans can never take the last seat twice.
 */
@ApplicationScoped
public class SeatService {

    @Inject
    Availability availability;

    @Inject
    Outbox outbox;

    /** A reservation and whether this call created it (false when the holder already had it). */
    public record Reservation(SeatView seat, boolean created) {
    }

    @Transactional
    public Reservation reserve(SeatRequest request) {
        Seat existing = Seat.findById(request.holderId());
        if (existing == null) {
            availability.lock(request.publicationId());
            existing = Seat.findById(request.holderId()); // a concurrent retry may have won the lock first
        }
        if (existing != null) {
            if (!existing.publicationId.equals(request.publicationId())) {
                throw ProblemException.conflict("holder-has-other-seat", request.holderId());
            }
            return new Reservation(view(existing), false);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Licence> licences = Licence.forPublication(request.publicationId());
        if (licences.isEmpty()) {
            throw ProblemException.conflict("no-licence", request.publicationId());
        }
        Licence licence = ConsumptionOrder.choose(licences, now)
                .orElseThrow(() -> ProblemException.conflict("no-free-copy", request.publicationId()));
        licence.takeSeat();

        Seat seat = new Seat();
        seat.holderId = request.holderId();
        seat.licenceId = licence.id;
        seat.publicationId = licence.publicationId;
        seat.kind = request.kind() == null ? "LOAN" : request.kind();
        seat.state = Seat.State.RESERVED;
        seat.municipality = request.municipality();
        seat.reservedAt = now;
        seat.persist();
        Consumption.record("CONSUMED", seat, licence.checkoutsLeft, now);
        outbox.record(EventTypes.LICENCE_CONSUMED, licence.id, licence.publicationId,
                new LicenceConsumed(licence.id, licence.publicationId, seat.holderId, seat.municipality, licence.checkoutsLeft, now));
        availability.changed(licence.publicationId);
        return new Reservation(view(seat), true);
    }

    @Transactional
    public SeatView get(UUID holderId) {
        return view(find(holderId));
    }

    /** The loan was committed: the seat is no longer at risk of the unconfirmed-seat sweep. */
    @Transactional
    public SeatView confirm(UUID holderId) {
        Seat seat = find(holderId);
        if (seat.state == Seat.State.RELEASED) {
            throw ProblemException.conflict("seat-released", holderId);
        }
        if (seat.state == Seat.State.RESERVED) {
            seat.state = Seat.State.CONFIRMED;
            seat.confirmedAt = Instant.now();
        }
        return view(seat);
    }

    /** Gives the seat back; releasing a seat twice, or one that never existed, changes nothing. */
    @Transactional
    public boolean release(UUID holderId, String reason) {
        Seat seat = Seat.findById(holderId);
        if (seat == null || !seat.isHeld()) {
            return false;
        }
        availability.lock(seat.publicationId);
        Seat.getEntityManager().refresh(seat);
        if (!seat.isHeld()) {
            return false;
        }
        Licence licence = Licence.findById(seat.licenceId);
        licence.releaseSeat();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        seat.state = Seat.State.RELEASED;
        seat.releasedAt = now;
        Consumption.record("RELEASED", seat, licence.checkoutsLeft, now);
        outbox.record(EventTypes.LICENCE_RELEASED, licence.id, licence.publicationId,
                new LicenceReleased(licence.id, licence.publicationId, holderId, reason, now));
        availability.changed(licence.publicationId);
        return true;
    }

    @Transactional
    public List<UUID> unconfirmedSince(Instant cutoff) {
        return Seat.unconfirmedSince(cutoff).stream().map(s -> s.holderId).toList();
    }

    private static Seat find(UUID holderId) {
        Seat seat = Seat.findById(holderId);
        if (seat == null) {
            throw ProblemException.notFound("seat-not-found", holderId);
        }
        return seat;
    }

    private static SeatView view(Seat seat) {
        Licence licence = Licence.findById(seat.licenceId);
        return new SeatView(seat.holderId, seat.licenceId, seat.publicationId, seat.state.name(), licence.maxLoanDays,
                licence.expires, seat.reservedAt);
    }
}
