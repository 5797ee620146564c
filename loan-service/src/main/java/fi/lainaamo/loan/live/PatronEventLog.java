package fi.lainaamo.loan.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldFulfilled;
import fi.lainaamo.events.HoldPlaced;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.events.HoldResumed;
import fi.lainaamo.events.HoldSuspended;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.events.LoanRenewed;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.platform.outbox.OutboxRecorded;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Each patron's loan and hold changes of the last hour, the replay source of the live stream. A row is written in
 * the same transaction as the outbox row it comes from (the outbox announces each row, {@link OutboxRecorded}), with
 * the outbox sequence as its id: so the log never has an event the outbox lost, nor misses one it published, and
 * borrowing, holds and sweeps need no code of their own for it.
 */
@ApplicationScoped
public class PatronEventLog {

    /** The outbox event types that make rows here: these are the ones the live stream can be told about. */
    static final Set<String> TYPES = Set.of(EventTypes.LOAN_STARTED, EventTypes.LOAN_RETURNED, EventTypes.LOAN_RENEWED,
            EventTypes.LOAN_EXPIRED, EventTypes.HOLD_PLACED, EventTypes.HOLD_READY, EventTypes.HOLD_CANCELLED,
            EventTypes.HOLD_EXPIRED, EventTypes.HOLD_FULFILLED, EventTypes.HOLD_SUSPENDED, EventTypes.HOLD_RESUMED,
            EventTypes.HOLD_QUEUE_CHANGED);

    /** One logged change for one patron: what a stream sends (SSE id, event name, data). */
    public record Logged(long seq, UUID patronId, String type, String data) {
    }

    /** What a reconnecting stream gets: the rows after its Last-Event-ID, and whether some may be gone. */
    public record Replay(List<Logged> rows, boolean resync, long after) {
    }

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "lainaamo.live.keep", defaultValue = "1h")
    Duration keep;

    /** Runs inside the transaction that wrote the outbox row: the rows commit (or roll back) with the event. */
    void onRecorded(@Observes OutboxRecorded recorded) {
        Object data = recorded.data();
        long seq = recorded.sequence();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (data instanceof LoanStarted e) {
            write(seq, e.patronId(), e.loanId(), null,
                    PatronEvent.ofLoan("loan.started", e.loanId(), e.publicationId(), "active", e.dueAt(), e.startedAt()));
        } else if (data instanceof LoanReturned e) {
            write(seq, e.patronId(), e.loanId(), null,
                    PatronEvent.ofLoan("loan.returned", e.loanId(), e.publicationId(), "returned", null, e.returnedAt()));
        } else if (data instanceof LoanRenewed e) {
            write(seq, e.patronId(), e.loanId(), null,
                    PatronEvent.ofLoan("loan.renewed", e.loanId(), e.publicationId(), "active", e.dueAt(), now));
        } else if (data instanceof LoanExpired e) {
            write(seq, e.patronId(), e.loanId(), null,
                    PatronEvent.ofLoan("loan.expired", e.loanId(), e.publicationId(), "expired", null, e.expiredAt()));
        } else if (data instanceof HoldPlaced e) {
            int position = positionOf(e.holdId());
            write(seq, e.patronId(), e.holdId(), position,
                    PatronEvent.ofHold("hold.placed", e.holdId(), e.publicationId(), "waiting", e.placedAt()).withPosition(position));
        } else if (data instanceof HoldReady e) {
            write(seq, e.patronId(), e.holdId(), null,
                    PatronEvent.ofHold("hold.ready", e.holdId(), e.publicationId(), "ready", now).withReadyUntil(e.readyUntil()));
        } else if (data instanceof HoldCancelled e) {
            write(seq, e.patronId(), e.holdId(), null,
                    PatronEvent.ofHold("hold.cancelled", e.holdId(), e.publicationId(), "cancelled", e.at()).withReason(e.reason()));
        } else if (data instanceof HoldExpired e) {
            write(seq, e.patronId(), e.holdId(), null,
                    PatronEvent.ofHold("hold.expired", e.holdId(), e.publicationId(), "expired", e.at()));
        } else if (data instanceof HoldFulfilled e) {
            write(seq, e.patronId(), e.holdId(), null,
                    PatronEvent.ofHold("hold.fulfilled", e.holdId(), e.publicationId(), "fulfilled", e.at()).withLoan(e.loanId()));
        } else if (data instanceof HoldSuspended e) {
            write(seq, e.patronId(), e.holdId(), null,
                    PatronEvent.ofHold("hold.suspended", e.holdId(), e.publicationId(), "suspended", now).withSuspendedUntil(e.until()));
        } else if (data instanceof HoldResumed e) {
            write(seq, e.patronId(), e.holdId(), null,
                    PatronEvent.ofHold("hold.resumed", e.holdId(), e.publicationId(), "waiting", e.at()));
        } else if (data instanceof HoldQueueChanged e) {
            positionsChanged(seq, e.publicationId(), now);
        }
    }

    /** 1-based place of a hold among its title's open holds (the same count as {@code Hold.position()}). */
    private int positionOf(UUID holdId) {
        return ((Number) em.createNativeQuery("select count(*) from hold o join hold h on o.publication_id = h.publication_id "
                        + "where h.id = ?1 and o.state in ('WAITING', 'READY') and o.seq <= h.seq")
                .setParameter(1, holdId).getSingleResult()).intValue();
    }

    /**
     * A title's queue changed (the caller flushed it and holds the title's lock): every waiting hold whose place now
     * differs from the place its patron was last told (or who was told nothing within the log's hour) gets a
     * {@code hold.position-changed}. A hold placed behind you moves nobody; a cancellation ahead of you does.
     */
    private void positionsChanged(long seq, UUID publicationId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> moved = em.createNativeQuery("select q.id, q.patron_id, q.position, q.suspended_until from ("
                        + " select id, patron_id, state, suspended_until, row_number() over (order by seq) as position"
                        + " from hold where publication_id = ?1 and state in ('WAITING', 'READY')) q"
                        + " where q.state = 'WAITING' and q.patron_id is not null and q.position is distinct from"
                        + " (select l.position from patron_event_log l where l.item_id = q.id and l.position is not null"
                        + "  order by l.seq desc limit 1)")
                .setParameter(1, publicationId).getResultList();
        LocalDate today = LocalDate.now();
        for (Object[] row : moved) {
            UUID holdId = (UUID) row[0];
            int position = ((Number) row[2]).intValue();
            LocalDate suspendedUntil = row[3] == null ? null
                    : row[3] instanceof LocalDate day ? day : ((java.sql.Date) row[3]).toLocalDate();
            String state = suspendedUntil != null && !today.isAfter(suspendedUntil) ? "suspended" : "waiting";
            write(seq, (UUID) row[1], holdId, position,
                    PatronEvent.ofHold("hold.position-changed", holdId, publicationId, state, now).withPosition(position));
        }
    }

    private void write(long seq, UUID patronId, UUID itemId, Integer position, PatronEvent view) {
        if (patronId == null) {
            return; // an erased patron's loan ending: nobody to tell
        }
        String data;
        try {
            data = json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live event cannot be written as JSON", e);
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into patron_event_log "
                    + "(seq, patron_id, item_id, type, position, data) values (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, seq);
                insert.setObject(2, patronId);
                insert.setObject(3, itemId);
                insert.setString(4, view.type());
                insert.setObject(5, position, Types.INTEGER);
                insert.setString(6, data);
                insert.executeUpdate();
            }
        });
    }

    /**
     * The patron's rows after {@code lastEventId} in sequence order. {@code resync} when rows after it may have been
     * pruned (it is at or below the pruning horizon), or when it is no sequence of ours (not a number, or beyond
     * the outbox's last one: another environment, a restored database). Null: a fresh stream, nothing to replay; it
     * starts after the outbox's current sequence.
     */
    @Transactional
    public Replay since(UUID patronId, String lastEventId) {
        long latest = ((Number) em.createNativeQuery("select case when is_called then last_value else 0 end from outbox_event_id_seq")
                .getSingleResult()).longValue();
        if (lastEventId == null || lastEventId.isBlank()) {
            return new Replay(List.of(), false, latest);
        }
        long after;
        try {
            after = Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return new Replay(List.of(), true, latest);
        }
        if (after < 0 || after > latest) {
            return new Replay(List.of(), true, latest);
        }
        long prunedThrough = ((Number) em.createNativeQuery("select pruned_through from patron_event_log_horizon")
                .getSingleResult()).longValue();
        return new Replay(after(patronId, after), after < prunedThrough, after);
    }

    /**
     * The patron's rows after a sequence, in order, and also the rows below it whose transaction was still running
     * when that sequence's row was written ({@code tx >= tx_xmin} of that row). Such a row took its sequence earlier
     * but may have committed later, so the app may never have had it. Rows the app already had may come again; each
     * event is the state after a change, so applying it twice changes nothing.
     */
    @Transactional
    public List<Logged> after(UUID patronId, long after) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select seq, type, data from patron_event_log where patron_id = ?1 and (seq > ?2"
                        + " or (seq < ?2 and tx >= (select l.tx_xmin from patron_event_log l where l.patron_id = ?1 and l.seq = ?2)))"
                        + " order by seq")
                .setParameter(1, patronId).setParameter(2, after).getResultList();
        return rows.stream().map(r -> new Logged(((Number) r[0]).longValue(), patronId, (String) r[1], (String) r[2])).toList();
    }

    /** The rows one outbox event made (one per patron it concerns), for the live delivery of its Kafka record. */
    @Transactional
    public List<Logged> ofEvent(long seq) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select patron_id, type, data from patron_event_log where seq = ?1")
                .setParameter(1, seq).getResultList();
        return rows.stream().map(r -> new Logged(seq, (UUID) r[0], (String) r[1], (String) r[2])).toList();
    }

    @Scheduled(every = "${lainaamo.live.prune-interval:1m}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pruneOld() {
        prune(Instant.now().minus(keep));
    }

    /**
     * Removes rows logged before {@code before} and moves the horizon up to the highest sequence removed. Two
     * instances pruning at once only delete the same rows; the horizon only grows.
     */
    @Transactional
    public void prune(Instant before) {
        em.createNativeQuery("with gone as (delete from patron_event_log where logged_at < ?1 returning seq) "
                        + "update patron_event_log_horizon set pruned_through = greatest(pruned_through, "
                        + "coalesce((select max(seq) from gone), 0))")
                .setParameter(1, before).executeUpdate();
    }

    /** GDPR erasure: the patron's rows go at once, not after the hour. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(UUID patronId) {
        em.createNativeQuery("delete from patron_event_log where patron_id = ?1").setParameter(1, patronId).executeUpdate();
    }
}
