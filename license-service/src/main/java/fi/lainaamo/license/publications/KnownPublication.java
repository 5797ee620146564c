package fi.lainaamo.license.publications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A publication the catalogue knows, as far as licences need to: its id, how we learned it, and whether the catalogue
 * withdrew it. A licence is added by hand only for a known publication.
 */
@Entity
@Table(name = "known_publication")
public class KnownPublication extends PanacheEntityBase {

    /** Learned from a catalogue event on lainaamo.catalog.v1. */
    public static final String FROM_CATALOGUE = "catalogue";
    /** Came with this service's own ODL import (license-service passes the feed's metadata on to the catalogue). */
    public static final String FROM_ODL_IMPORT = "odl-import";

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    public String source;
    @Column(name = "known_since")
    public Instant knownSince;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
}
