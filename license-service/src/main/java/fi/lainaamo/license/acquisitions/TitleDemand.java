package fi.lainaamo.license.acquisitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Patrons waiting for a title as loan-service last told, and whether the current re-purchase crossing was signalled. */
@Entity
@Table(name = "title_demand")
public class TitleDemand extends PanacheEntityBase {

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "holds_waiting")
    public int holdsWaiting;
    /** loan-service's per-title version: an older event than the one applied changes nothing. */
    public long version;
    public boolean signalled;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
