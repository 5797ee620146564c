package fi.lainaamo.license.publications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/**
 * Which publications exist, learned from the catalogue's events and from our own ODL imports. license-service never
 * asks catalog-service: a publication announced a moment ago may not be known for a few seconds.
 */
@ApplicationScoped
public class KnownPublications {

    @Inject
    EntityManager em;

    /** Remembers a publication; learning one twice changes nothing (and never undoes a withdrawal). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void learned(UUID publicationId, String source) {
        em.createNativeQuery("insert into known_publication (publication_id, source) values (?1, ?2) on conflict do nothing")
                .setParameter(1, publicationId).setParameter(2, source).executeUpdate();
    }

    /**
     * The catalogue withdrew it: it stays known (its licences and loans go on), and the first withdrawal time is kept.
     * A withdrawal of a publication not seen before makes it known too: the catalogue had it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawn(UUID publicationId, Instant at) {
        em.createNativeQuery("""
                        insert into known_publication (publication_id, source, withdrawn_at) values (?1, ?2, ?3)
                        on conflict (publication_id) do update
                            set withdrawn_at = coalesce(known_publication.withdrawn_at, excluded.withdrawn_at)""")
                .setParameter(1, publicationId).setParameter(2, KnownPublication.FROM_CATALOGUE).setParameter(3, at)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isKnown(UUID publicationId) {
        return KnownPublication.findById(publicationId) != null;
    }
}
