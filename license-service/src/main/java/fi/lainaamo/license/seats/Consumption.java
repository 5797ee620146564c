package fi.lainaamo.license.seats;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of the append-only consumption ledger: a loan's seat taken with a checkout (CONSUMED), a hold's seat taken
 * (HELD), a hold's seat handed to its loan (LENT), a seat granted to loan-service's escrow (GRANTED; CONSUMED when a
 * borrow lends it), or a seat given back (RELEASED); seatKind says LOAN, HOLD or GRANT.
 */
@Entity
@Table(name = "consumption")
public class Consumption extends PanacheEntityBase {

    /**
     * Numbered from the table's own sequence, 50 numbers fetched at a time (migration V12), so that lines are inserted
     * when the session flushes, in JDBC batches, instead of one round trip each as they are made (issue 14).
     */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "consumption_id")
    @SequenceGenerator(name = "consumption_id", sequenceName = "consumption_id_seq", allocationSize = 50)
    public Long id;
    @Column(name = "licence_id")
    public UUID licenceId;
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "holder_id")
    public UUID holderId;
    public String kind;
    public String municipality;
    @Column(name = "checkouts_left")
    public Integer checkoutsLeft;
    public Instant at;
    @Column(name = "seat_kind")
    public String seatKind;

    public static void record(String kind, Seat seat, Integer checkoutsLeft, Instant at) {
        Consumption line = new Consumption();
        line.licenceId = seat.licenceId;
        line.publicationId = seat.publicationId;
        line.holderId = seat.holderId;
        line.kind = kind;
        line.municipality = seat.municipality;
        line.checkoutsLeft = checkoutsLeft;
        line.at = at;
        line.seatKind = seat.kind;
        line.persist();
    }
}
