package fi.lainaamo.loan.patrons;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Serializes one patron's changes (two devices at once): the loan and hold limits hold under parallel requests.
 * Lock order everywhere: the patron first, then the title, then loan and hold rows.
 */
@ApplicationScoped
public class PatronLocks {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID patronId) {
        if (!em.createNativeQuery("select patron_id from patron_lock where patron_id = ?1 for update")
                .setParameter(1, patronId).getResultList().isEmpty()) {
            return; // the usual case: one statement
        }
        em.createNativeQuery("insert into patron_lock (patron_id) values (?1) on conflict do nothing")
                .setParameter(1, patronId).executeUpdate();
        em.createNativeQuery("select patron_id from patron_lock where patron_id = ?1 for update")
                .setParameter(1, patronId).getSingleResult();
    }
}
