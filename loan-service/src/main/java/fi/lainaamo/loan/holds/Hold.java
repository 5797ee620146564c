package fi.lainaamo.loan.holds;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A patron's place in the national queue of one title. */
@Entity
@Table(name = "hold")
public class Hold extends PanacheEntityBase {

    /** WAITING and READY holds are open (they count in the queue); the others have ended. */
    public enum State { WAITING, READY, FULFILLED, CANCELLED, EXPIRED }

    /**
     * The open states. The queries below name them as two parameters, not as a list: Hibernate keeps no plan for a
     * query with a list parameter and translated {@link #openOf} anew at every borrow (issue 14).
     */
    static final List<State> OPEN = List.of(State.WAITING, State.READY);

    @Id
    public UUID id;
    /** Placement order, from a database sequence. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Column(name = "patron_id")
    public UUID patronId;
    @Column(name = "publication_id")
    public UUID publicationId;
    public String municipality;
    @Column(name = "library_id")
    public UUID libraryId;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "placed_at")
    public Instant placedAt;
    @Column(name = "suspended_until")
    public LocalDate suspendedUntil;
    @Column(name = "ready_at")
    public Instant readyAt;
    @Column(name = "ready_until")
    public Instant readyUntil;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "end_reason")
    public String endReason;
    @Column(name = "loan_id")
    public UUID loanId;
    /**
     * When an offer asked license-service for a HOLD seat for this hold, until the answer is settled (ready, or the
     * seat given back); null otherwise. Left behind by a crash, it tells the offer sweep that a seat may be held.
     */
    @Column(name = "seat_asked_at")
    public Instant seatAskedAt;

    public boolean isOpen() {
        return OPEN.contains(state);
    }

    /** Ready and still inside its ready window (the sweep may not have expired it yet). */
    public boolean isReadyAt(Instant now) {
        return state == State.READY && (readyUntil == null || readyUntil.isAfter(now));
    }

    /** Suspended holds keep their place but are skipped through the suspendedUntil day. */
    public boolean suspendedOn(LocalDate day) {
        return suspendedUntil != null && !day.isAfter(suspendedUntil);
    }

    /** The title's open holds counted, its queue's length: an SQL expression on {@code :publication}. */
    public static final String QUEUE_LENGTH =
            "(select count(*) from hold q where q.publication_id = :publication and q.state in ('WAITING', 'READY'))";

    public static long openCount(UUID publicationId) {
        return ((Number) getEntityManager().createNativeQuery("select " + QUEUE_LENGTH)
                .setParameter("publication", publicationId).getSingleResult()).longValue();
    }

    public static long openCountOfPatron(UUID patronId) {
        return count("patronId = ?1 and state in (?2, ?3)", patronId, State.WAITING, State.READY);
    }

    /** The title's open holds in queue order. */
    public static List<Hold> queue(UUID publicationId) {
        return list("publicationId = ?1 and state in (?2, ?3) order by seq", publicationId, State.WAITING, State.READY);
    }

    /**
     * Whether someone stands before the patron's own open hold of the title (anywhere in its queue, if the patron has
     * none) and is ready, or waiting and not suspended on {@code :day}: the next copy is then theirs, not the patron's.
     * Suspended holds keep their place but are skipped through their last day. One probe of the queue's index that
     * stops at the first such hold, however long a bestseller's queue is. An SQL condition on the parameters
     * {@code :publication}, {@code :patron} and {@code :day}, so that the borrow's facts can ask it in their one
     * statement ({@code OwnFacts}) and {@link #othersWaitingBefore} on its own; {@link #QUEUE_LENGTH} likewise.
     */
    public static final String OTHERS_WAITING_BEFORE = """
            exists (select 1 from hold w where w.publication_id = :publication and w.state in ('WAITING', 'READY')
                and w.seq < coalesce((select own.seq from hold own where own.publication_id = :publication
                    and own.state in ('WAITING', 'READY') and own.patron_id = :patron), 9223372036854775807)
                and (w.state = 'READY' or w.suspended_until is null or w.suspended_until < :day))""";

    /** {@link #OTHERS_WAITING_BEFORE}, asked alone: for a renewal, the shelf's renewability and a hold's placement. */
    public static boolean othersWaitingBefore(UUID publicationId, UUID patronId, LocalDate day) {
        return (Boolean) getEntityManager().createNativeQuery("select " + OTHERS_WAITING_BEFORE)
                .setParameter("publication", publicationId).setParameter("patron", patronId).setParameter("day", day)
                .getSingleResult();
    }

    public static Optional<Hold> openOf(UUID patronId, UUID publicationId) {
        return find("patronId = ?1 and publicationId = ?2 and state in (?3, ?4)", patronId, publicationId, State.WAITING, State.READY).firstResultOptional();
    }

    /** 1 for the head of the queue; 0 for a hold that is no longer open. */
    public int position() {
        if (!isOpen()) {
            return 0;
        }
        return (int) count("publicationId = ?1 and state in (?2, ?3) and seq <= ?4", publicationId, State.WAITING, State.READY, seq);
    }

    public static List<Hold> ofPatron(UUID patronId, boolean openOnly) {
        return openOnly
                ? list("patronId = ?1 and state in (?2, ?3) order by seq", patronId, State.WAITING, State.READY)
                : list("patronId = ?1 order by seq desc", patronId);
    }
}
