package fi.lainaamo.loan.titles;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/**
 * One title as loan-service sees it: the lock that serializes its queue, the queue version, and read models of its
 * availability (from license-service) and name and format (from catalog-service).
 */
@Entity
@Table(name = "title")
public class Title extends PanacheEntityBase {

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "queue_version")
    public long queueVersion;
    @Column(name = "seats_total")
    public Integer seatsTotal;
    @Column(name = "seats_free")
    public Integer seatsFree;
    @Column(name = "seats_held_for_holds")
    public Integer seatsHeldForHolds;
    @Column(name = "availability_version")
    public Long availabilityVersion;
    public String name;
    public String format;
    public boolean withdrawn;
    /** The queue may have a free seat to be offered: the offer that finds nothing more to offer clears it. */
    @Column(name = "offer_pending")
    public boolean offerPending;

    /** True when license-service last said every copy is taken (null availability means: not known yet). */
    /**
     * license-service reported no seats at all, none held for holds either: every licence of the title has expired,
     * run out of checkouts or become unavailable (loans on them may still run to their due dates; their seats are not
     * counted). Nothing can lend it again until a new licence is bought (which makes a new hold possible again).
     */
    public boolean noLicenceLeft() {
        return availabilityVersion != null && seatsTotal != null && seatsTotal == 0
                && (seatsHeldForHolds == null || seatsHeldForHolds == 0);
    }

    public boolean knownNoFreeCopy() {
        return seatsFree != null && seatsFree <= 0;
    }

    /** True when license-service last said a copy is free. */
    public boolean knownFreeCopy() {
        return seatsFree != null && seatsFree > 0;
    }
}
