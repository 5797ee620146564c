package fi.lainaamo.license.acquisitions;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.events.RepurchaseSignalled;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Titles whose waiting holds per seat exceed the configured ratio: acquisitions should buy more reading rights. The
 * event is sent once per crossing; falling back under the ratio arms it again.
 */
@ApplicationScoped
public class RepurchaseSignals {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "lainaamo.repurchase.ratio", defaultValue = "3")
    double ratio;

    /** A title above the ratio, as acquisitions staff see it. */
    public record Signal(UUID publicationId, int holdsWaiting, int seatsTotal, Double holdsPerSeat, boolean signalled) {
    }

    /** Whether {@code holds} waiting on {@code seats} seats exceed the ratio (no seats and anyone waiting: yes). */
    public static boolean exceeds(int holds, int seats, double ratio) {
        if (holds <= 0) {
            return false;
        }
        return seats <= 0 || (double) holds / seats > ratio;
    }

    /** Applies a hold-queue change (the caller's transaction) and signals when the title crosses the ratio. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queueChanged(HoldQueueChanged change) {
        em.createNativeQuery("insert into title_demand (publication_id, holds_waiting, version) values (?1, 0, -1) on conflict do nothing")
                .setParameter(1, change.publicationId()).executeUpdate();
        TitleDemand demand = em.find(TitleDemand.class, change.publicationId(), LockModeType.PESSIMISTIC_WRITE);
        if (change.version() <= demand.version) {
            return; // stale or repeated: a newer count is already applied
        }
        Instant now = Instant.now();
        demand.holdsWaiting = change.holdsWaiting();
        demand.version = change.version();
        demand.updatedAt = now;
        Availability.Seats seats = Availability.count(change.publicationId(), Licence.forPublication(change.publicationId()), now);
        boolean over = !seats.unlimited() && exceeds(demand.holdsWaiting, seats.seatsTotal(), ratio);
        if (over && !demand.signalled) {
            outbox.record(EventTypes.REPURCHASE_SIGNALLED, change.publicationId(), change.publicationId(),
                    new RepurchaseSignalled(change.publicationId(), demand.holdsWaiting, seats.seatsTotal(), ratio, now));
        }
        demand.signalled = over;
    }

    /** Titles above the ratio now, most wanted per seat first. */
    @Transactional
    public List<Signal> current(int limit) {
        Instant now = Instant.now();
        List<TitleDemand> waiting = TitleDemand.list("holdsWaiting > 0 order by publicationId");
        return waiting.stream()
                .map(d -> {
                    Availability.Seats seats = Availability.count(d.publicationId, Licence.forPublication(d.publicationId), now);
                    boolean over = !seats.unlimited() && exceeds(d.holdsWaiting, seats.seatsTotal(), ratio);
                    Double perSeat = seats.seatsTotal() == 0 ? null : (double) d.holdsWaiting / seats.seatsTotal();
                    return over ? new Signal(d.publicationId, d.holdsWaiting, seats.seatsTotal(), perSeat, d.signalled) : null;
                })
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing((Signal s) -> s.holdsPerSeat() == null ? Double.MAX_VALUE : s.holdsPerSeat()).reversed()
                        .thenComparing(Signal::publicationId))
                .limit(limit)
                .toList();
    }
}
