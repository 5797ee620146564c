package fi.lainaamo.patron.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The occasions that come from the passing of time rather than from an event: a loan due in 3 days and in 1 day, and
 * a ready hold whose pick-up window closes within a day. What is due is learnt from loan-service's events (in the
 * consumed event's transaction, idempotently) and forgotten when the loan or hold ends, so a loan returned in time is
 * never told. A scheduled job claims what has come due with {@code for update skip locked} (two instances never write
 * the same one) and writes the notices one transaction per batch; the e-mail sender wakes when a batch commits.
 */
@ApplicationScoped
public class DueNotices {

    private static final Logger LOG = Logger.getLogger(DueNotices.class);

    @Inject
    EntityManager em;

    @Inject
    Notices notices;

    @Inject
    Renewals renewals;

    @ConfigProperty(name = "lainaamo.notifications.due.first-lead", defaultValue = "3d")
    Duration firstLead;

    @ConfigProperty(name = "lainaamo.notifications.due.second-lead", defaultValue = "1d")
    Duration secondLead;

    @ConfigProperty(name = "lainaamo.notifications.due.hold-reminder-lead", defaultValue = "1d")
    Duration holdReminderLead;

    @ConfigProperty(name = "lainaamo.notifications.due.batch-size", defaultValue = "100")
    int batchSize;

    @ConfigProperty(name = "lainaamo.notifications.time-zone", defaultValue = "Europe/Helsinki")
    ZoneId zone;

    /**
     * A loan started or was renewed: it is due at {@code dueAt}. A new due date starts the notices afresh (their keys
     * carry the date); the same date again (a replayed event) changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void loanDue(UUID loanId, UUID patronId, UUID publicationId, Instant dueAt) {
        em.createNativeQuery("insert into due_loan (loan_id, patron_id, publication_id, due_at) "
                        + "select ?1, ?2, ?3, ?4 where exists (select 1 from patron where id = ?2) "
                        + "on conflict (loan_id) do update set due_at = excluded.due_at, "
                        + "told = case when due_loan.due_at = excluded.due_at then due_loan.told else 0 end")
                .setParameter(1, loanId).setParameter(2, patronId).setParameter(3, publicationId).setParameter(4, Timestamp.from(dueAt))
                .executeUpdate();
    }

    /**
     * The loan was returned or expired: nothing more is due. Answers the due date it had (null when none was known,
     * e.g. a repeated event), so an expiry long before it can be told as the licence ending early.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant loanEnded(UUID loanId) {
        @SuppressWarnings("unchecked")
        List<Object> due = em.createNativeQuery("delete from due_loan where loan_id = ?1 returning due_at")
                .setParameter(1, loanId).getResultList();
        return due.isEmpty() ? null : Notices.instant(due.get(0));
    }

    /** A hold is ready until {@code readyUntil}: a reminder is due a day before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void holdReady(UUID holdId, UUID patronId, UUID publicationId, Instant readyUntil) {
        em.createNativeQuery("insert into ready_hold (hold_id, patron_id, publication_id, ready_until) "
                        + "select ?1, ?2, ?3, ?4 where exists (select 1 from patron where id = ?2) on conflict (hold_id) do nothing")
                .setParameter(1, holdId).setParameter(2, patronId).setParameter(3, publicationId).setParameter(4, Timestamp.from(readyUntil))
                .executeUpdate();
    }

    /** The hold was borrowed, cancelled or expired: no reminder. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void holdEnded(UUID holdId) {
        em.createNativeQuery("delete from ready_hold where hold_id = ?1").setParameter(1, holdId).executeUpdate();
    }

    @Scheduled(every = "${lainaamo.notifications.due.every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            writeDue();
        } catch (RuntimeException e) {
            LOG.warnf("due notices will be tried again on the next run: %s", e.toString());
        }
    }

    /** Writes every notice whose time has come; returns how many occasions were told. */
    public int writeDue() {
        int told = 0;
        int batch;
        do {
            batch = loansDue(1, "3d", firstLead, secondLead);
            told += batch;
        } while (batch == batchSize);
        do {
            batch = loansDue(2, "1d", secondLead, Duration.ZERO);
            told += batch;
        } while (batch == batchSize);
        do {
            batch = QuarkusTransaction.requiringNew().call(this::holdReminders);
            told += batch;
        } while (batch == batchSize);
        return told;
    }

    /**
     * One batch of loans whose notice {@code stage} (1: 3 days, 2: 1 day) has come: due within {@code lead} but not
     * yet within {@code nextLead} (a loan already within a day of its due date gets only the 1-day notice).
     */
    private int loansDue(int stage, String name, Duration lead, Duration nextLead) {
        // which of them can be renewed is asked from loan-service first, with no transaction or lock held
        @SuppressWarnings("unchecked")
        List<UUID> candidates = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select loan_id from due_loan where told < ?1 "
                        + "and due_at - make_interval(secs => ?2) <= now() and due_at - make_interval(secs => ?3) > now() "
                        + "order by due_at, loan_id limit ?4")
                .setParameter(1, stage).setParameter(2, seconds(lead)).setParameter(3, seconds(nextLead)).setParameter(4, batchSize)
                .getResultList());
        if (candidates.isEmpty()) {
            return 0;
        }
        Map<UUID, Boolean> renewable = renewals.of(candidates);
        return QuarkusTransaction.requiringNew().call(() -> tellLoansDue(stage, name, lead, nextLead, renewable));
    }

    private int tellLoansDue(int stage, String name, Duration lead, Duration nextLead, Map<UUID, Boolean> renewable) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("with due as (select loan_id from due_loan where told < ?1 "
                        + "and due_at - make_interval(secs => ?2) <= now() and due_at - make_interval(secs => ?3) > now() "
                        + "order by due_at, loan_id limit ?4 for update skip locked) "
                        + "update due_loan d set told = ?1 from due where d.loan_id = due.loan_id "
                        + "returning d.loan_id, d.patron_id, d.publication_id, d.due_at")
                .setParameter(1, stage).setParameter(2, seconds(lead)).setParameter(3, seconds(nextLead)).setParameter(4, batchSize)
                .getResultList();
        for (Object[] row : rows) {
            UUID loanId = (UUID) row[0];
            Instant dueAt = Notices.instant(row[3]);
            String key = Occasion.loanDueKey(loanId, dueAt.atZone(zone).toLocalDate(), name);
            notices.tell(Occasion.LOAN_DUE, key, (UUID) row[1], loanId, null, (UUID) row[2], dueAt);
            notices.renewable(key, renewable.get(loanId));
        }
        return rows.size();
    }

    private int holdReminders() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("with due as (select hold_id from ready_hold where not reminded "
                        + "and ready_until - make_interval(secs => ?1) <= now() and ready_until > now() "
                        + "order by ready_until, hold_id limit ?2 for update skip locked) "
                        + "update ready_hold h set reminded = true from due where h.hold_id = due.hold_id "
                        + "returning h.hold_id, h.patron_id, h.publication_id, h.ready_until")
                .setParameter(1, seconds(holdReminderLead)).setParameter(2, batchSize)
                .getResultList();
        for (Object[] row : rows) {
            UUID holdId = (UUID) row[0];
            notices.tell(Occasion.HOLD_READY_REMINDER, Occasion.HOLD_READY_REMINDER.deliveryKey(holdId), (UUID) row[1], null, holdId,
                    (UUID) row[2], Notices.instant(row[3]));
        }
        return rows.size();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
