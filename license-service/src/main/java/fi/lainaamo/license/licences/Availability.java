package fi.lainaamo.license.licences;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Seats per publication. Every change of a publication's seats first takes that publication's lock, so changes of
 * one title are serialized, and ends by recording a numbered availability-changed event.
 */
@ApplicationScoped
public class Availability {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /** Seats of one publication as lent right now. */
    public record Seats(UUID publicationId, int seatsTotal, int seatsFree) {
    }

    /** Locks the publication's seat changes until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID publicationId) {
        em.createNativeQuery("insert into publication_availability (publication_id) values (?1) on conflict do nothing")
                .setParameter(1, publicationId).executeUpdate();
        em.createNativeQuery("select version from publication_availability where publication_id = ?1 for update")
                .setParameter(1, publicationId).getSingleResult();
    }

    /** Counts the seats from the licences themselves, so an expired or exhausted licence offers none. */
    public static Seats count(UUID publicationId, List<Licence> licences, Instant now) {
        int total = 0;
        int free = 0;
        for (Licence l : licences) {
            boolean lendable = !l.isExpired(now) && !l.isExhausted();
            if (lendable) {
                total += l.concurrency;
                free += l.seatsFree();
            } else if (!l.isExpired(now)) {
                total += l.seatsTaken; // an exhausted licence still holds its running loans
            }
        }
        return new Seats(publicationId, total, free);
    }

    @Transactional
    public Seats current(UUID publicationId) {
        return count(publicationId, Licence.forPublication(publicationId), Instant.now());
    }

    /** Records the publication's new availability; the caller holds {@link #lock}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Seats changed(UUID publicationId) {
        em.flush();
        long version = ((Number) em.createNativeQuery(
                        "update publication_availability set version = version + 1 where publication_id = ?1 returning version")
                .setParameter(1, publicationId).getSingleResult()).longValue();
        Seats seats = count(publicationId, Licence.forPublication(publicationId), Instant.now());
        outbox.record(EventTypes.AVAILABILITY_CHANGED, publicationId, publicationId,
                new AvailabilityChanged(publicationId, seats.seatsTotal(), seats.seatsFree(), 0, version));
        return seats;
    }
}
