package fi.lainaamo.loan.titles;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.seats.SeatGrants;
import fi.lainaamo.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Timeouts;

import java.util.Optional;
import java.util.UUID;

/**
 * The per-title lock and the queue-changed event. Every change of a title's queue takes the title's row lock first
 * (after the patron's lock, never before), so positions never have gaps or duplicates and versions grow by one.
 */
@ApplicationScoped
public class Titles {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    SeatGrants grants;

    /** The title's row, locked until the transaction ends; created on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Title lock(UUID publicationId) {
        Title title = em.find(Title.class, publicationId, LockModeType.PESSIMISTIC_WRITE);
        if (title != null) {
            return title; // the usual case: one statement
        }
        em.createNativeQuery("insert into title (publication_id) values (?1) on conflict do nothing")
                .setParameter(1, publicationId).executeUpdate();
        return em.find(Title.class, publicationId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The title's row locked as {@link #lock} locks it, or empty at once while another transaction holds that lock
     * ({@code for update skip locked}): the caller leaves its transaction, and its connection, instead of queueing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Title> lockIfFree(UUID publicationId) {
        Title title = em.find(Title.class, publicationId, LockModeType.PESSIMISTIC_WRITE, Timeouts.SKIP_LOCKED);
        if (title != null) {
            return Optional.of(title);
        }
        return em.find(Title.class, publicationId) != null ? Optional.empty() : Optional.of(lock(publicationId));
    }

    /**
     * Records a title's name and format in one statement, creating the title when loan-service has not heard of it
     * yet (a catalogue import sends one such change per product).
     */
    public void named(UUID publicationId, String name, String format) {
        em.createNativeQuery("insert into title (publication_id, name, format) values (?1, ?2, ?3) on conflict (publication_id)"
                        + " do update set name = excluded.name, format = excluded.format")
                .setParameter(1, publicationId).setParameter(2, name).setParameter(3, format).executeUpdate();
    }

    /**
     * The catalogue took a withdrawn title back: holds and loans are possible again. The holds its withdrawal
     * cancelled stay cancelled (their patrons were told); an event for a title never withdrawn changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reinstated(UUID publicationId) {
        lock(publicationId).withdrawn = false;
    }

    /** The title without a lock, or null when loan-service has never heard of it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Title peek(UUID publicationId) {
        return Title.findById(publicationId);
    }

    /**
     * Publishes the number of patrons now waiting for a locked title, with the next version. While anyone waits the
     * title's unused escrow grants go back (after the queue's count, so license-service does not grant them again):
     * a copy then belongs to the queue, never to a walk-in.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queueChanged(Title title) {
        em.flush();
        title.queueVersion++;
        int waiting = (int) Hold.openCount(title.publicationId);
        outbox.record(EventTypes.HOLD_QUEUE_CHANGED, title.publicationId, title.publicationId,
                new HoldQueueChanged(title.publicationId, waiting, title.queueVersion));
        if (waiting > 0) {
            grants.giveBackAll(title.publicationId, "holds-waiting");
        }
    }
}
