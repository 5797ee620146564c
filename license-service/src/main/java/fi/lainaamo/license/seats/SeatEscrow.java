package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.SeatGrantRevoked;
import fi.lainaamo.events.SeatGranted;
import fi.lainaamo.license.licences.ConsumptionOrder;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.licences.SeatKind;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.persistence.UuidSets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * loan-service's escrow of lendable seats (issue 14): a few seats per title taken ahead of demand, each granted to
 * loan-service by a {@code seat-granted} event, so that a walk-in borrow lends one in loan-service's own transaction
 * without asking here. A grant is a seat taken with its checkout promised (like a ready hold's), so oversell stays
 * impossible: only seats already taken here can be lent there. It runs inside every seat change of the title, under
 * the title's lock, before the availability is counted: the grants are kept topped up to {@code per-title} (never more
 * than the free seats, only on our own licences, never while a hold waits) and grants whose licence can no longer lend,
 * or of a title people now wait for, are asked back ({@code seat-grant-revoked}).
 */
@ApplicationScoped
public class SeatEscrow {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    /** Grants kept ready per title (2 by default); 0 turns the escrow off (every borrow then asks for its seat). */
    @ConfigProperty(name = "lainaamo.escrow.per-title", defaultValue = "2")
    int perTitle;

    /**
     * Revokes what must go and tops the title's grants up; the caller holds the title's lock and records the
     * availability afterwards. True when a grant was made (the availability changed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean rebalance(UUID publicationId, List<Licence> licences, Instant now) {
        if (!concerned(licences)) {
            return false;
        }
        return rebalance(licences, Seat.grantsOutstanding(publicationId), !waitedFor(List.of(publicationId)).isEmpty(), now);
    }

    /**
     * {@link #rebalance(UUID, List, Instant)} of several titles (their licences by title), with their grants and their
     * hold queues read in one statement each: a poll of loan events changes many titles (issue 14).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rebalanceAll(Map<UUID, List<Licence>> titles, Instant now) {
        List<UUID> concerned = titles.entrySet().stream().filter(title -> concerned(title.getValue())).map(Map.Entry::getKey).toList();
        if (concerned.isEmpty()) {
            return;
        }
        Map<UUID, List<Seat>> outstanding = Seat.grantsOutstanding(concerned);
        Set<UUID> waitedFor = waitedFor(concerned);
        for (UUID title : concerned) {
            rebalance(titles.get(title), outstanding.getOrDefault(title, List.of()), waitedFor.contains(title), now);
        }
    }

    /** False when the escrow is off and none of the title's grants is outstanding (the licences count them). */
    private boolean concerned(List<Licence> licences) {
        return perTitle > 0 || licences.stream().anyMatch(l -> l.seatsGranted > 0);
    }

    private boolean rebalance(List<Licence> licences, List<Seat> outstanding, boolean holdsWait, Instant now) {
        Map<UUID, Licence> byId = licences.stream().collect(Collectors.toMap(l -> l.id, Function.identity()));
        int live = 0;
        for (Seat grant : outstanding) {
            if (grant.revokedAt != null) {
                continue;
            }
            Licence licence = byId.get(grant.licenceId);
            String reason = licence == null || !licence.isLendable(now) ? "licence-cannot-lend"
                    : holdsWait ? "holds-waiting" : perTitle <= 0 ? "escrow-off" : null;
            if (reason != null) {
                revoke(grant, reason, now);
            } else {
                live++;
            }
        }
        if (holdsWait) {
            return false; // a copy freed now goes to the queue, never to a walk-in
        }
        List<Licence> escrowable = licences.stream().filter(Licence::isEscrowable).toList();
        boolean granted = false;
        while (live < perTitle) {
            Licence licence = ConsumptionOrder.choose(escrowable, SeatKind.GRANT, now).orElse(null);
            if (licence == null) {
                break; // no free seat left: never more grants than free seats
            }
            grant(licence, now);
            live++;
            granted = true;
        }
        return granted;
    }

    private void grant(Licence licence, Instant now) {
        Seat seat = new Seat();
        seat.holderId = UUID.randomUUID();
        seat.licenceId = licence.id;
        seat.publicationId = licence.publicationId;
        seat.kind = SeatKind.GRANT.name();
        seat.state = Seat.State.RESERVED;
        seat.reservedAt = now;
        licence.grantSeat();
        seat.persist();
        Consumption.record("GRANTED", seat, licence.checkoutsLeft, now);
        outbox.record(EventTypes.SEAT_GRANTED, seat.holderId, licence.publicationId, new SeatGranted(seat.holderId, licence.id,
                licence.publicationId, licence.maxLoanDays, licence.expires, ConsumptionOrder.rank(licence), now));
    }

    /** Asks loan-service for the grant back, once; its seat stays taken until loan-service answers. */
    private void revoke(Seat grant, String reason, Instant now) {
        grant.revokedAt = now;
        outbox.record(EventTypes.SEAT_GRANT_REVOKED, grant.holderId, grant.publicationId,
                new SeatGrantRevoked(grant.holderId, grant.publicationId, reason, now));
    }

    /**
     * The title's grants loan-service may lend now: taken here, not asked back. loan-service asks for them when a
     * walk-in it had no grant for is refused {@code no-free-copy} (every free seat granted, the grants' events still on
     * their way), and keeps them as if the events had come: a grant can be learnt twice, never lent twice (the loan's
     * id is the grant's) and never after it went back (loan-service keeps the ids of grants that ended).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SeatGranted> unused(UUID publicationId) {
        List<SeatGranted> out = new java.util.ArrayList<>();
        for (Seat grant : Seat.grantsOutstanding(publicationId)) {
            if (grant.revokedAt != null) {
                continue;
            }
            Licence licence = Licence.findById(grant.licenceId);
            out.add(new SeatGranted(grant.holderId, licence.id, publicationId, licence.maxLoanDays, licence.expires,
                    ConsumptionOrder.rank(licence), grant.reservedAt));
        }
        return out;
    }

    /** Those of the titles people wait for, as the last hold-queue-changed event of each said. */
    private Set<UUID> waitedFor(Collection<UUID> publicationIds) {
        return UuidSets.select(em, "select publication_id from title_demand where publication_id = any(?::uuid[]) and holds_waiting > 0",
                publicationIds);
    }
}
