package fi.lainaamo.license.licences;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.license.seats.SeatEscrow;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.persistence.UuidSets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Inject
    SeatEscrow escrow;

    /**
     * Seats of one publication as lent right now. An unlimited licence makes seatsTotal and seatsFree
     * {@link Integer#MAX_VALUE} and sets {@code unlimited}.
     */
    public record Seats(UUID publicationId, int seatsTotal, int seatsFree, int seatsHeldForHolds, boolean unlimited) {
    }

    /** Locks the publication's seat changes until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID publicationId) {
        if (!em.createNativeQuery("select version from publication_availability where publication_id = ?1 for update")
                .setParameter(1, publicationId).getResultList().isEmpty()) {
            return; // the usual case: one statement
        }
        em.createNativeQuery("insert into publication_availability (publication_id) values (?1) on conflict do nothing")
                .setParameter(1, publicationId).executeUpdate();
        em.createNativeQuery("select version from publication_availability where publication_id = ?1 for update")
                .setParameter(1, publicationId).getSingleResult();
    }

    /**
     * {@link #lock} of several publications in one statement, in the order of their ids (so two callers locking
     * overlapping sets cannot deadlock). Answers those locked: a publication that never had a seat has no lock yet, and
     * is left out.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> lockAll(Collection<UUID> publicationIds) {
        return UuidSets.select(em, "select publication_id from publication_availability where publication_id = any(?::uuid[]) "
                + "order by publication_id for update", publicationIds);
    }

    /**
     * Counts the seats from the licences themselves: seats total are the seats of licences in force (taken or free), so
     * an expired, exhausted or unavailable licence counts none.
     */
    public static Seats count(UUID publicationId, List<Licence> licences, Instant now) {
        long total = 0;
        long free = 0;
        int held = 0;
        boolean unlimited = false;
        for (Licence l : licences) {
            // A licence that can lend no more (expired, exhausted, withdrawn) offers no seats: its running loans end by
            // their due dates, and a ready hold's seat on it can no longer be lent. A title whose licences are all like
            // this has seatsTotal 0 and none held, which is how loan-service tells "no licence left" (no hold can help)
            // from "every copy is out" (issue 13: the borrow said no-free-copy, then the hold was refused).
            if (!l.isLendable(now)) {
                continue;
            }
            held += l.seatsHeldForHolds;
            // a seat granted to loan-service's escrow is a copy a walk-in can borrow at once: free, as the catalogue shows
            free += l.seatsGranted;
            unlimited |= l.isUnlimited() && !l.isMetered();
            long cap = l.isUnlimited() ? Long.MAX_VALUE : l.concurrency;
            total += Math.min(cap, (long) l.seatsTaken + Math.max(0, l.checkoutsUnpromised()));
            free += l.seatsFreeToLend(now);
        }
        return new Seats(publicationId, clamp(total), clamp(free), held, unlimited);
    }

    private static int clamp(long n) {
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    @Transactional
    public Seats current(UUID publicationId) {
        return count(publicationId, Licence.forPublication(publicationId), Instant.now());
    }

    /**
     * Records the publication's new availability, after keeping loan-service's escrow of seats topped up (or asking
     * grants back) for the change; the caller holds {@link #lock}. The licences are read once for both: the escrow
     * changes the same managed instances that are then counted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Seats changed(UUID publicationId) {
        List<Licence> licences = Licence.forPublication(publicationId);
        escrow.rebalance(publicationId, licences, Instant.now());
        return record(publicationId, licences);
    }

    /**
     * {@link #changed(UUID)} of several titles at once (their licences by title, managed), for a poll of loan
     * events (issue 14): their escrows are re-checked together, the session flushed once, their versions counted on in
     * one statement and their events written together by the caller's {@link Outbox#together}; the caller holds every
     * title's {@link #lock}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changedAll(Map<UUID, List<Licence>> titles) {
        if (titles.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        escrow.rebalanceAll(titles, now);
        em.flush();
        Map<UUID, Long> versions = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update publication_availability set version = version + 1 "
                    + "where publication_id = any(?::uuid[]) returning publication_id, version")) {
                update.setArray(1, connection.createArrayOf("uuid", titles.keySet().toArray()));
                Map<UUID, Long> next = new HashMap<>();
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        next.put(rows.getObject(1, UUID.class), rows.getLong(2));
                    }
                }
                return next;
            }
        });
        titles.forEach((publicationId, licences) -> {
            Long version = versions.get(publicationId);
            if (version == null) {
                throw new IllegalStateException("publication " + publicationId + " has changed seats but no lock row");
            }
            Seats seats = count(publicationId, licences, now);
            outbox.record(EventTypes.AVAILABILITY_CHANGED, publicationId, publicationId, new AvailabilityChanged(publicationId,
                    seats.seatsTotal(), seats.seatsFree(), seats.seatsHeldForHolds(), version));
        });
    }

    /**
     * The escrow of one title re-checked when something other than its seats changed (the hold queue): grants asked
     * back, or topped up and the availability recorded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rebalance(UUID publicationId) {
        lock(publicationId);
        List<Licence> licences = Licence.forPublication(publicationId);
        if (escrow.rebalance(publicationId, licences, Instant.now())) {
            record(publicationId, licences);
        }
    }

    private Seats record(UUID publicationId, List<Licence> licences) {
        em.flush();
        long version = ((Number) em.createNativeQuery(
                        "update publication_availability set version = version + 1 where publication_id = ?1 returning version")
                .setParameter(1, publicationId).getSingleResult()).longValue();
        Seats seats = count(publicationId, licences, Instant.now());
        outbox.record(EventTypes.AVAILABILITY_CHANGED, publicationId, publicationId,
                new AvailabilityChanged(publicationId, seats.seatsTotal(), seats.seatsFree(), seats.seatsHeldForHolds(), version));
        return seats;
    }
}
