package fi.lainaamo.license.seats;

import fi.lainaamo.platform.persistence.UuidSets;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A seat of a licence held for one loan (holder = loan id), one ready hold (holder = hold id, kind HOLD), or granted to
 * loan-service's escrow (holder = grant id, kind GRANT; the loan that lends it gets the grant id as its id).
 */
@Entity
@Table(name = "seat")
public class Seat extends PanacheEntityBase {

    /** RESERVED until a loan confirms it (holds stay RESERVED until lent or released), then CONFIRMED; RELEASED for good. */
    public enum State { RESERVED, CONFIRMED, RELEASED }

    @Id
    @Column(name = "holder_id")
    public UUID holderId;
    @Column(name = "licence_id")
    public UUID licenceId;
    @Column(name = "publication_id")
    public UUID publicationId;
    public String kind;
    @Enumerated(EnumType.STRING)
    public State state;
    public String municipality;
    @Column(name = "reserved_at")
    public Instant reservedAt;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(name = "released_at")
    public Instant releasedAt;
    /** Until when a HOLD seat is kept; null for a LOAN seat. */
    @Column(name = "held_until")
    public Instant heldUntil;
    /** The due date of a LOAN seat's loan, as capped by the licence; null for seats before it was kept. */
    @Column(name = "loan_until")
    public Instant loanUntil;
    /** When license-service asked loan-service to give an unused GRANT seat back; null otherwise. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isHeld() {
        return state != State.RELEASED;
    }

    public boolean isHold() {
        return "HOLD".equals(kind);
    }

    /** A seat granted to loan-service's escrow and not lent yet. */
    public boolean isGrant() {
        return "GRANT".equals(kind);
    }

    /** The title's grants not yet lent or given back, oldest first. */
    public static List<Seat> grantsOutstanding(java.util.UUID publicationId) {
        return list("publicationId = ?1 and kind = 'GRANT' and state = ?2 order by reservedAt, holderId", publicationId, State.RESERVED);
    }

    /** {@link #grantsOutstanding(java.util.UUID)} of several titles in one statement, by title ({@link UuidSets#entities}). */
    public static Map<UUID, List<Seat>> grantsOutstanding(Collection<UUID> publicationIds) {
        return UuidSets.entities(Seat.getEntityManager(), Seat.class, "select * from seat where publication_id = any(cast(?1 as uuid[])) "
                        + "and kind = 'GRANT' and state = 'RESERVED' order by reserved_at, holder_id", publicationIds).stream()
                .collect(Collectors.groupingBy(s -> s.publicationId, Collectors.toList()));
    }

    /** The seats of these holders, in one statement, by holder ({@link UuidSets#byIds}). */
    public static Map<UUID, Seat> ofHolders(Collection<UUID> holderIds) {
        return UuidSets.byIds(Seat.getEntityManager(), Seat.class, holderIds).stream().collect(Collectors.toMap(s -> s.holderId, s -> s));
    }

    /** LOAN seats reserved before {@code cutoff} that no loan has confirmed, oldest first. */
    public static List<Seat> unconfirmedSince(Instant cutoff) {
        return list("state = ?1 and reservedAt < ?2 and kind = 'LOAN' order by reservedAt, holderId", State.RESERVED, cutoff);
    }

    /** HOLD seats still held whose time ran out before {@code now}. */
    public static List<Seat> holdsDue(Instant now) {
        return list("kind = 'HOLD' and state <> ?1 and heldUntil < ?2", State.RELEASED, now);
    }
}
