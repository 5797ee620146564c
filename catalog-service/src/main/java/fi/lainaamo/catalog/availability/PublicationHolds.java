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

/** The catalogue's copy of loan-service's hold queue length for one publication, as of the highest version seen. */
@Entity
@Table(name = "publication_holds")
public class PublicationHolds extends PanacheEntityBase {

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "holds_waiting")
    public int holdsWaiting;
    /** The version of the hold-queue-changed event this row shows (loan-service's own line, not licence versions). */
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<PublicationHolds> forPublications(Collection<UUID> publicationIds) {
        return UuidSets.byIds(getEntityManager(), PublicationHolds.class, publicationIds);
    }

    /** Stores the queue length when {@code version} is higher than the stored one, in one statement. */
    public static boolean recordIfNewer(UUID publicationId, int holdsWaiting, long version, Instant at) {
        return getEntityManager().createNativeQuery("""
                        insert into publication_holds (publication_id, holds_waiting, version, updated_at)
                        values (?1, ?2, ?3, ?4)
                        on conflict (publication_id) do update
                            set holds_waiting = excluded.holds_waiting, version = excluded.version, updated_at = excluded.updated_at
                            where publication_holds.version < excluded.version""")
                .setParameter(1, publicationId)
                .setParameter(2, holdsWaiting)
                .setParameter(3, version)
                .setParameter(4, at)
                .executeUpdate() == 1;
    }

    /** Counts one more loan of the title (licence-consumed), for the "most borrowed" sort. */
    public static void countBorrowed(UUID publicationId) {
        getEntityManager().createNativeQuery("""
                        insert into publication_borrowed (publication_id, times_borrowed) values (?1, 1)
                        on conflict (publication_id) do update set times_borrowed = publication_borrowed.times_borrowed + 1""")
                .setParameter(1, publicationId)
                .executeUpdate();
    }
}
