package fi.lainaamo.catalog.availability;

import fi.lainaamo.platform.persistence.UuidSets;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The catalogue's copy of license-service's availability of one publication, as of the highest version seen. */
@Entity
@Table(name = "publication_availability")
public class PublicationAvailability extends PanacheEntityBase {

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "copies_total")
    public int copiesTotal;
    @Column(name = "copies_available")
    public int copiesAvailable;
    /** Seats kept for ready holds: not free to others, not yet lent. */
    @Column(name = "seats_held_for_holds")
    public int seatsHeldForHolds;
    /** The version of the availability-changed event this row shows. */
    public long version;
    /** When the catalogue recorded this version. */
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<PublicationAvailability> forPublications(Collection<UUID> publicationIds) {
        return UuidSets.byIds(getEntityManager(), PublicationAvailability.class, publicationIds);
    }

    /**
     * Stores the availability when {@code version} is higher than the stored one, in one statement, so two
     * consumers racing on one title cannot step back to an older count. Returns whether the row changed.
     */
    public static boolean recordIfNewer(UUID publicationId, int copiesTotal, int copiesAvailable, int seatsHeldForHolds, long version, Instant at) {
        return getEntityManager().createNativeQuery("""
                        insert into publication_availability (publication_id, copies_total, copies_available, version, updated_at, seats_held_for_holds)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (publication_id) do update
                            set copies_total = excluded.copies_total, copies_available = excluded.copies_available,
                                version = excluded.version, updated_at = excluded.updated_at,
                                seats_held_for_holds = excluded.seats_held_for_holds
                            where publication_availability.version < excluded.version""")
                .setParameter(1, publicationId)
                .setParameter(2, copiesTotal)
                .setParameter(3, copiesAvailable)
                .setParameter(4, version)
                .setParameter(5, at)
                .setParameter(6, seatsHeldForHolds)
                .executeUpdate() == 1;
    }
}
