package fi.lainaamo.license.licences;

import fi.lainaamo.platform.persistence.UuidSets;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A licence bought for a publication: how many may read at once (null = unlimited), how many checkouts (null = not
 * metered), until when (null = perpetual). The seat rules live here as plain Java so they can be property-tested.
 */
@Entity
@Table(name = "licence")
public class Licence extends PanacheEntityBase {

    /** Formats a licence can be for. */
    public enum Format { EPUB, PDF, AUDIOBOOK }

    public static final String AVAILABLE = "available";
    public static final String UNAVAILABLE = "unavailable";
    public static final String BY_DISTRIBUTOR = "distributor";
    public static final String MISSING_FROM_FEED = "missing-from-feed";

    @Id
    public UUID id;
    @Column(name = "publication_id")
    public UUID publicationId;
    /** Readers at the same time; null for unlimited simultaneous use. */
    public Integer concurrency;
    /** Total checkouts bought; null when the licence is not metered by checkouts. */
    @Column(name = "checkouts_total")
    public Integer checkoutsTotal;
    @Column(name = "checkouts_left")
    public Integer checkoutsLeft;
    /** Null for a licence that does not expire. */
    public Instant expires;
    @Column(name = "max_loan_days")
    public Integer maxLoanDays;
    /** Every seat held on this licence, loans and holds. */
    @Column(name = "seats_taken")
    public int seatsTaken;
    /** The part of seatsTaken kept for ready holds; each will need a checkout when it becomes a loan. */
    @Column(name = "seats_held_for_holds")
    public int seatsHeldForHolds;
    /** The part of seatsTaken granted to loan-service's escrow and not yet lent; each has a checkout promised. */
    @Column(name = "seats_granted")
    public int seatsGranted;
    @Column(name = "created_at")
    public Instant createdAt;
    public BigDecimal price;
    public String currency;
    public String distributor;
    @Column(name = "distributor_licence_id")
    public String distributorLicenceId;
    public String format;
    /** available or unavailable (set by the distributor's info document, or a feed that no longer lists it). */
    public String status = AVAILABLE;
    /** Why the licence is unavailable: {@link #BY_DISTRIBUTOR} or {@link #MISSING_FROM_FEED}; null when available. */
    @Column(name = "unavailable_reason")
    public String unavailableReason;
    @Column(name = "info_url")
    public String infoUrl;
    /** The distributor's templated ODL checkout link; a loan on this licence is checked out there. */
    @Column(name = "checkout_url")
    public String checkoutUrl;
    /** The file itself, for an open-access publication (lent without a seat limit). */
    @Column(name = "open_access_url")
    public String openAccessUrl;
    @Column(name = "open_access_type")
    public String openAccessType;
    @Column(name = "expired_announced_at")
    public Instant expiredAnnouncedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<Licence> forPublication(UUID publicationId) {
        return list("publicationId = ?1 order by createdAt, id", publicationId);
    }

    /** {@link #forPublication} of several titles in one statement, by title ({@link UuidSets#entities}). */
    public static Map<UUID, List<Licence>> forPublications(Collection<UUID> publicationIds) {
        return UuidSets.entities(getEntityManager(), Licence.class,
                        "select * from licence where publication_id = any(cast(?1 as uuid[])) order by created_at, id", publicationIds)
                .stream().collect(Collectors.groupingBy(l -> l.publicationId, Collectors.toList()));
    }

    public static Licence byDistributorId(String distributor, String distributorLicenceId) {
        return find("distributor = ?1 and distributorLicenceId = ?2", distributor, distributorLicenceId).firstResult();
    }

    public boolean isUnlimited() {
        return concurrency == null;
    }

    public boolean isMetered() {
        return checkoutsTotal != null;
    }

    public boolean isExpired(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    public boolean isExhausted() {
        return checkoutsLeft != null && checkoutsLeft <= 0;
    }

    public boolean isUnavailable() {
        return UNAVAILABLE.equals(status);
    }

    /** Marks the licence unavailable for a reason, or available again (reason null). */
    public void markUnavailable(String reason) {
        status = reason == null ? AVAILABLE : UNAVAILABLE;
        unavailableReason = reason;
    }

    /** The status acquisitions staff see: expired and exhausted win over what the distributor said. */
    public String statusAt(Instant now) {
        return isExpired(now) ? "expired" : isExhausted() ? "exhausted" : status;
    }

    /** Whether the licence may give new seats at all now: checked here whatever any scheduled job has done. */
    public boolean isLendable(Instant now) {
        return !isExpired(now) && !isExhausted() && !isUnavailable();
    }

    /** Checkouts not promised to the ready holds and escrow grants already seated on this licence; unlimited when not metered. */
    public int checkoutsUnpromised() {
        return checkoutsLeft == null ? Integer.MAX_VALUE : checkoutsLeft - seatsHeldForHolds - seatsGranted;
    }

    /**
     * Whether this licence's seats may be granted to loan-service's escrow: only a licence of our own, lent without a
     * distributor's checkout (that stays a synchronous call) and not open access (unlimited, nothing to ration).
     */
    public boolean isEscrowable() {
        return checkoutUrl == null && openAccessUrl == null && !isUnlimited();
    }

    /**
     * Whether a seat of this licence may have a distributor's checkout beside it: a distributor's licence (its checkout
     * link may have changed since). A licence of our own has none, so its seats are read and released without looking.
     */
    public boolean mayHaveCheckouts() {
        return checkoutUrl != null || distributor != null;
    }

    /** Whether a new loan may be lent on this licence now. */
    public boolean canLend(Instant now) {
        return isLendable(now) && seatsFree() > 0 && checkoutsUnpromised() > 0;
    }

    /** Whether a new seat of this kind may be taken now; a hold needs a checkout it can count on later, like a loan. */
    public boolean canTake(SeatKind kind, Instant now) {
        return canLend(now);
    }

    /** Free seats; an unlimited licence always has {@link Integer#MAX_VALUE}. */
    public int seatsFree() {
        return isUnlimited() ? Integer.MAX_VALUE : concurrency - seatsTaken;
    }

    /** Seats a new loan could take now: free seats, limited by checkouts not promised to holds. */
    public int seatsFreeToLend(Instant now) {
        if (!isLendable(now)) {
            return 0;
        }
        return Math.max(0, Math.min(seatsFree(), checkoutsUnpromised()));
    }

    /** Takes a seat for a loan and, for a metered licence, one checkout. */
    public void takeSeat() {
        seatsTaken++;
        if (checkoutsLeft != null) {
            checkoutsLeft--;
        }
    }

    /** Takes a seat for a ready hold: no checkout yet, but one is promised to it. */
    public void holdSeat() {
        seatsTaken++;
        seatsHeldForHolds++;
    }

    /** Takes a seat for loan-service's escrow: no checkout yet, but one is promised to it. */
    public void grantSeat() {
        seatsTaken++;
        seatsGranted++;
    }

    /** A granted seat was lent: the seat stays taken, one checkout is consumed. */
    public void lendGrantedSeat() {
        seatsGranted--;
        if (checkoutsLeft != null) {
            checkoutsLeft--;
        }
    }

    /** Whether a held seat may become a loan now (the licence may have expired or run out meanwhile). */
    public boolean canLendHeld(Instant now) {
        return !isExpired(now) && !isExhausted() && !isUnavailable();
    }

    /** Turns a held seat into a loan: the seat stays taken, one checkout is consumed. */
    public void lendHeldSeat() {
        seatsHeldForHolds--;
        if (checkoutsLeft != null) {
            checkoutsLeft--;
        }
    }

    /** Gives a seat back; a checkout consumed stays consumed. */
    public void releaseSeat(SeatKind kind) {
        seatsTaken--;
        if (kind == SeatKind.HOLD) {
            seatsHeldForHolds--;
        } else if (kind == SeatKind.GRANT) {
            seatsGranted--;
        }
    }

    public void releaseSeat() {
        releaseSeat(SeatKind.LOAN);
    }
}
