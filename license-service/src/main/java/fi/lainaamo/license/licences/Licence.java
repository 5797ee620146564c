package fi.lainaamo.license.licences;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A licence bought for a publication: how many may read at once, how many checkouts, until when. */
@Entity
@Table(name = "licence")
public class Licence extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "publication_id")
    public UUID publicationId;
    public int concurrency;
    /** Total checkouts bought; null when the licence is not metered by checkouts. */
    @Column(name = "checkouts_total")
    public Integer checkoutsTotal;
    @Column(name = "checkouts_left")
    public Integer checkoutsLeft;
    /** Null for a licence that does not expire. */
    public Instant expires;
    @Column(name = "max_loan_days")
    public Integer maxLoanDays;
    @Column(name = "seats_taken")
    public int seatsTaken;
    @Column(name = "created_at")
    public Instant createdAt;

    public static List<Licence> forPublication(UUID publicationId) {
        return list("publicationId = ?1 order by createdAt, id", publicationId);
    }

    public boolean isExpired(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    public boolean isExhausted() {
        return checkoutsLeft != null && checkoutsLeft <= 0;
    }

    /** Whether a new loan may be lent on this licence now: checked here whatever any scheduled job has done. */
    public boolean canLend(Instant now) {
        return !isExpired(now) && !isExhausted() && seatsFree() > 0;
    }

    public int seatsFree() {
        return concurrency - seatsTaken;
    }

    /** Takes a seat and, for a metered licence, one checkout. */
    public void takeSeat() {
        seatsTaken++;
        if (checkoutsLeft != null) {
            checkoutsLeft--;
        }
    }

    public void releaseSeat() {
        seatsTaken--;
    }
}
