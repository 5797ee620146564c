package fi.lainaamo.loan.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.SeatGrantReturned;
import fi.lainaamo.events.SeatGrantRevoked;
import fi.lainaamo.events.SeatGranted;
import fi.lainaamo.loan.titles.Titles;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.persistence.UuidSets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * loan-service's escrow of seats (issue 14): seats license-service already took and granted here, so that a walk-in
 * borrow lends one in its own transaction instead of asking license-service. A grant is lent at most once (the borrow
 * deletes it and starts the loan under its id) and only while its licence has not expired. Unused grants go back
 * ({@code seat-grant-returned}) when license-service asks for them, and when people wait for the title: a copy then
 * belongs to the queue, never to a walk-in.
 */
@ApplicationScoped
public class SeatGrants {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Titles titles;

    /** A grant taken by a borrow: the loan's id, licence and the bounds of its due date. */
    public record Grant(UUID grantId, UUID licenceId, Integer maxLoanDays, Instant licenceExpires) {
    }

    /**
     * Keeps a grant, from its event or from license-service's list after a refusal ({@link #learnt}), unless it ended
     * already (lent: a loan has its id; given back: {@code seat_grant_ended}) or people wait for the title (or it is
     * withdrawn): then it goes straight back. Under the title's lock, as a borrow takes a grant, so a grant being lent
     * right now is seen as lent.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void granted(SeatGranted grant) {
        grantedAll(List.of(grant));
    }

    /**
     * {@link #granted} of a poll's grants, in a few statements whatever their number (issue 14: with the escrow on,
     * every borrow's top-up sends one, and one by one each took five round trips): their titles are locked in one
     * statement, in id order, and those withdrawn or waited for read in one more; the grants that ended are read in
     * one more; those kept are inserted in one JDBC batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void grantedAll(List<SeatGranted> grants) {
        if (grants.isEmpty()) {
            return;
        }
        em.flush(); // the statements below read the titles and loans as this transaction left them
        List<UUID> publications = grants.stream().map(SeatGranted::publicationId).distinct().sorted().toList();
        Set<UUID> closed = closedToWalkIns(publications);
        Set<UUID> ended = new HashSet<>(ended(grants.stream().map(SeatGranted::grantId).toList()));
        List<SeatGranted> kept = new ArrayList<>();
        for (SeatGranted grant : grants) {
            if (ended.contains(grant.grantId())) {
                continue;
            }
            if (closed.contains(grant.publicationId())) {
                returned(grant.grantId(), grant.publicationId(), "holds-waiting");
                ended.add(grant.grantId()); // the same grant again in the poll goes back once
            } else {
                kept.add(grant);
            }
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into seat_grant (grant_id, publication_id, licence_id, "
                    + "max_loan_days, licence_expires, rank, granted_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                for (SeatGranted grant : kept) {
                    insert.setObject(1, grant.grantId());
                    insert.setObject(2, grant.publicationId());
                    insert.setObject(3, grant.licenceId());
                    insert.setObject(4, grant.maxLoanDays(), Types.INTEGER);
                    insert.setObject(5, offset(grant.licenceExpires()), Types.TIMESTAMP_WITH_TIMEZONE);
                    insert.setInt(6, grant.rank());
                    insert.setObject(7, offset(grant.grantedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    insert.addBatch();
                }
                if (!kept.isEmpty()) {
                    insert.executeBatch();
                }
            }
        });
    }

    /**
     * Locks the titles' rows in id order (creating those not known yet), as {@link Titles#lock} does one, so a hold
     * placed at the same time sees the grants or they see the hold; answers those withdrawn or with holds open, read in
     * a statement of its own after the lock (in READ COMMITTED a statement sees what committed before it began, so the
     * locking one, which may have waited for a hold being placed, would not see that hold).
     */
    private Set<UUID> closedToWalkIns(List<UUID> publications) {
        String lock = "select publication_id from title where publication_id = any(?::uuid[]) order by publication_id for update";
        if (UuidSets.select(em, lock, publications).size() < publications.size()) {
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement create = connection.prepareStatement(
                        "insert into title (publication_id) select unnest(?::uuid[]) on conflict do nothing")) {
                    create.setArray(1, connection.createArrayOf("uuid", publications.toArray()));
                    create.executeUpdate();
                }
            });
            UuidSets.select(em, lock, publications);
        }
        return UuidSets.select(em, "select t.publication_id from title t where t.publication_id = any(?::uuid[]) and (t.withdrawn "
                + "or exists (select 1 from hold h where h.publication_id = t.publication_id and h.state in ('WAITING', 'READY')))",
                publications);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * license-service wants the grant back: given back unless a borrow has lent it (its loan.started answers then).
     * Also when it was never kept here (its event still on the way): it ends, so that it is not kept later.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoked(SeatGrantRevoked revoked) {
        titles.lock(revoked.publicationId());
        int deleted = em.createNativeQuery("delete from seat_grant where grant_id = ?1")
                .setParameter(1, revoked.grantId()).executeUpdate();
        if (deleted > 0 || ended(List.of(revoked.grantId())).isEmpty()) {
            returned(revoked.grantId(), revoked.publicationId(), "revoked");
        }
    }

    /**
     * The grants license-service listed after refusing a walk-in {@code no-free-copy} because every free seat is
     * granted: kept as their events would keep them; a grant already known or ended is not kept twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void learnt(List<SeatGranted> listed) {
        grantedAll(listed);
    }

    /** Those of the grants that were lent (a loan has the grant's id) or went back. */
    private Set<UUID> ended(Collection<UUID> grantIds) {
        return UuidSets.select(em, "with asked (id) as (select unnest(?::uuid[])) "
                + "select e.grant_id from seat_grant_ended e join asked on e.grant_id = asked.id "
                + "union select l.id from loan l join asked on l.id = asked.id", grantIds);
    }

    /**
     * Takes the title's first grant in the consumption order for a borrow, in the borrow's transaction: the grant is
     * deleted at once, and a grant another borrow is taking right now is skipped rather than waited for. Grants whose
     * licence has expired are never lent (license-service asks them back).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Grant> take(UUID publicationId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("delete from seat_grant where grant_id = (select grant_id from seat_grant "
                        + "where publication_id = ?1 and (licence_expires is null or licence_expires > ?2) "
                        + "order by rank, licence_expires nulls last, granted_at, grant_id limit 1 for update skip locked) "
                        + "returning grant_id, licence_id, max_loan_days, licence_expires")
                .setParameter(1, publicationId).setParameter(2, now).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new Grant((UUID) row[0], (UUID) row[1], row[2] == null ? null : ((Number) row[2]).intValue(), instant(row[3])));
    }

    /** People now wait for the title: every unused grant goes back, so a copy freed reaches the queue. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void giveBackAll(UUID publicationId, String reason) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("delete from seat_grant where publication_id = ?1 returning grant_id", UUID.class)
                .setParameter(1, publicationId).getResultList();
        for (UUID id : ids) {
            returned(id, publicationId, reason);
        }
    }

    /** Unused grants of the title (tests, the admin's view of the escrow). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long unused(UUID publicationId) {
        return ((Number) em.createNativeQuery("select count(*) from seat_grant where publication_id = ?1")
                .setParameter(1, publicationId).getSingleResult()).longValue();
    }

    private void returned(UUID grantId, UUID publicationId, String reason) {
        em.createNativeQuery("insert into seat_grant_ended (grant_id) values (?1) on conflict do nothing")
                .setParameter(1, grantId).executeUpdate();
        outbox.record(EventTypes.SEAT_GRANT_RETURNED, grantId, publicationId,
                new SeatGrantReturned(grantId, publicationId, reason, Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
