package fi.lainaamo.loan.gdpr;

import fi.lainaamo.events.ErasureConfirmed;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PatronErased;
import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.live.PatronEventLog;
import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.loan.loans.LoanService;
import fi.lainaamo.loan.patrons.PatronLocks;
import fi.lainaamo.loan.titles.Titles;
import fi.lainaamo.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Erases a patron: active loans are returned and open holds cancelled (so their seats free up), every loan becomes
 * anonymous statistics (title, municipality, dates), holds lose the patron id, and nothing else about the patron
 * stays. Then loan-service confirms the erasure to patron-service.
 */
@ApplicationScoped
public class Erasure {

    @Inject
    PatronLocks patronLocks;

    @Inject
    LoanService loans;

    @Inject
    HoldService holds;

    @Inject
    Titles titles;

    @Inject
    Outbox outbox;

    @Inject
    PatronEventLog eventLog;

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(PatronErased erased) {
        UUID patronId = erased.patronId();
        patronLocks.lock(patronId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (Loan loan : Loan.<Loan>list("patronId = ?1 and state = ?2", patronId, Loan.State.ACTIVE)) {
            loans.returnNow(loan, now);
        }
        List<Hold> open = Hold.ofPatron(patronId, true);
        for (Hold hold : open) {
            var title = titles.lock(hold.publicationId);
            holds.cancel(hold, "patron-erased", now);
            titles.queueChanged(title);
        }
        em.flush();
        em.createNativeQuery("update loan set patron_id = null, library_id = null, idempotency_key = null, hold_id = null "
                + "where patron_id = ?1").setParameter(1, patronId).executeUpdate();
        em.createNativeQuery("update hold set patron_id = null, library_id = null where patron_id = ?1")
                .setParameter(1, patronId).executeUpdate();
        em.createNativeQuery("delete from patron_standing where patron_id = ?1").setParameter(1, patronId).executeUpdate();
        // the live-update log keeps an hour of the patron's changes for reconnecting apps: gone at once
        eventLog.erase(patronId);
        // published events are not kept (the relay deletes them once the broker has them); unsent ones still go out
        em.clear();
        outbox.record(EventTypes.ERASURE_CONFIRMED, patronId, patronId,
                new ErasureConfirmed(erased.erasureId(), patronId, "loan-service", now));
        // the patron lock row goes last: it held the erasure against a concurrent borrow
        em.createNativeQuery("delete from patron_lock where patron_id = ?1").setParameter(1, patronId).executeUpdate();
    }
}
