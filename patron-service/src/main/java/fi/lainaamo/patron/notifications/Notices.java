package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The patron's notices: written when an occasion is consumed (one row per channel the patron has turned on, under a
 * delivery key that makes a second delivery of the same event a no-op), read and marked read in the inbox, exported
 * and erased with the patron.
 */
@ApplicationScoped
public class Notices {

    @Inject
    EntityManager em;

    @Inject
    NoticeTexts texts;

    @Inject
    Event<NoticeQueued> queued;

    @Inject
    NoticeChoices choices;

    /**
     * How long a patron's first e-mail or push notice waits for others to join it (several occasions, one message);
     * the same window for both channels.
     */
    @ConfigProperty(name = "lainaamo.notifications.gather", defaultValue = "20s")
    java.time.Duration gather;

    /**
     * Records that the occasion happened to the patron, in the transaction of the consumed event. A patron unknown
     * here (erased, or never registered) is told nothing. Returns how many notices were written (0 for a duplicate).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int occurred(Occasion occasion, UUID patronId, UUID holdId, UUID publicationId, Instant at) {
        return tell(occasion, occasion.deliveryKey(holdId), patronId, null, holdId, publicationId, at);
    }

    /**
     * Writes the notices of one occasion under {@code key}, in the caller's transaction (the consumed event's, or the
     * due-notice job's batch): one per channel the patron wants for this occasion and has on (the profile's master
     * switches) and can be reached by — the inbox; e-mail with an address; push once per subscription. A key already
     * written is a no-op per channel (for push: once any push was written for the key, a replay adds none, not even
     * for a subscription added since). Returns how many notices were written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int tell(Occasion occasion, String key, UUID patronId, UUID loanId, UUID holdId, UUID publicationId, Instant at) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("select notify_in_app, notify_by_email, email is not null from patron where id = ?1")
                .setParameter(1, patronId).getResultList();
        if (found.isEmpty()) {
            return 0;
        }
        Set<Channel> wanted = choices.wanted(patronId, occasion);
        boolean inApp = (Boolean) found.get(0)[0] && wanted.contains(Channel.IN_APP);
        boolean email = (Boolean) found.get(0)[1] && (Boolean) found.get(0)[2] && wanted.contains(Channel.EMAIL);
        boolean push = wanted.contains(Channel.PUSH);
        int written = 0;
        if (inApp) {
            written += em.createNativeQuery("insert into notice (id, patron_id, channel, delivery_key, occasion, publication_id, hold_id, occasion_at, loan_id) "
                            + "values (?1, ?2, 'in-app', ?3, ?4, ?5, ?6, ?7, ?8) on conflict (delivery_key, channel) where channel <> 'push' do nothing")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, patronId).setParameter(3, key).setParameter(4, occasion.code)
                    .setParameter(5, publicationId).setParameter(6, holdId).setParameter(7, Timestamp.from(at)).setParameter(8, loanId)
                    .executeUpdate();
        }
        if (email) {
            // gathered: the first notice waits the gathering window, and one written while another of the patron's waits
            // joins it, so the sender claims them together and sends one e-mail
            int queuedNow = em.createNativeQuery("insert into notice (id, patron_id, channel, delivery_key, occasion, publication_id, hold_id, occasion_at, "
                            + "loan_id, status, next_attempt_at) values (?1, ?2, 'email', ?3, ?4, ?5, ?6, ?7, ?8, 'pending', "
                            + "coalesce((select min(next_attempt_at) from notice where patron_id = ?2 and channel = 'email' and status = 'pending' "
                            + "and attempts = 0 and next_attempt_at > now()), now() + make_interval(secs => ?9))) "
                            + "on conflict (delivery_key, channel) where channel <> 'push' do nothing")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, patronId).setParameter(3, key).setParameter(4, occasion.code)
                    .setParameter(5, publicationId).setParameter(6, holdId).setParameter(7, Timestamp.from(at)).setParameter(8, loanId)
                    .setParameter(9, gather.toMillis() / 1000.0)
                    .executeUpdate();
            if (queuedNow == 1) {
                queued.fire(new NoticeQueued(Channel.EMAIL)); // the sender wakes once this commits
            }
            written += queuedNow;
        }
        if (push && em.createNativeQuery("select 1 from notice where delivery_key = ?1 and channel = 'push' limit 1")
                .setParameter(1, key).getResultList().isEmpty()) {
            @SuppressWarnings("unchecked")
            List<UUID> subscriptionIds = em.createNativeQuery("select id from push_subscription where patron_id = ?1 order by created_at, id")
                    .setParameter(1, patronId).getResultList();
            int queuedNow = 0;
            for (UUID subscriptionId : subscriptionIds) {
                queuedNow += em.createNativeQuery("insert into notice (id, patron_id, channel, delivery_key, occasion, publication_id, hold_id, "
                                + "occasion_at, loan_id, status, next_attempt_at, push_subscription_id) "
                                + "values (?1, ?2, 'push', ?3, ?4, ?5, ?6, ?7, ?8, 'pending', "
                                + "coalesce((select min(next_attempt_at) from notice where push_subscription_id = ?9 and channel = 'push' "
                                + "and status = 'pending' and attempts = 0 and next_attempt_at > now()), now() + make_interval(secs => ?10)), ?9) "
                                + "on conflict (delivery_key, push_subscription_id) where channel = 'push' do nothing")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, patronId).setParameter(3, key).setParameter(4, occasion.code)
                        .setParameter(5, publicationId).setParameter(6, holdId).setParameter(7, Timestamp.from(at)).setParameter(8, loanId)
                        .setParameter(9, subscriptionId).setParameter(10, gather.toMillis() / 1000.0)
                        .executeUpdate();
            }
            if (queuedNow > 0) {
                queued.fire(new NoticeQueued(Channel.PUSH));
            }
            written += queuedNow;
        }
        return written;
    }

    /** Records on the notices under {@code key} whether their loan could be renewed (null: not known). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void renewable(String key, Boolean renewable) {
        if (renewable != null) {
            em.createNativeQuery("update notice set renewable = ?2 where delivery_key = ?1").setParameter(1, key).setParameter(2, renewable)
                    .executeUpdate();
        }
    }

    /** Whether a notice under the delivery key was written, on any channel. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean told(String key) {
        return !em.createNativeQuery("select 1 from notice where delivery_key = ?1 limit 1").setParameter(1, key).getResultList().isEmpty();
    }

    /** The patron's inbox, newest first, {@code limit} at a time after the notice {@code after} (null: from the newest). */
    @Transactional
    public NoticePage inbox(UUID patronId, UUID after, int limit) {
        String language = language(patronId);
        if (after != null && em.createNativeQuery("select 1 from notice where id = ?1 and patron_id = ?2 and channel = 'in-app'")
                .setParameter(1, after).setParameter(2, patronId).getResultList().isEmpty()) {
            // another patron's notice id is as unknown as a made-up one
            throw invalidCursor();
        }
        jakarta.persistence.Query query = em.createNativeQuery("select id, occasion, publication_id, hold_id, occasion_at, created_at, read_at, loan_id "
                        + "from notice where patron_id = ?1 and channel = 'in-app' "
                        + (after == null ? "" : "and (created_at, id) < (select created_at, id from notice where id = ?3) ")
                        + "order by created_at desc, id desc limit ?2")
                .setParameter(1, patronId).setParameter(2, limit + 1);
        if (after != null) {
            query.setParameter(3, after);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<NoticeView> items = new ArrayList<>();
        for (Object[] row : rows.subList(0, Math.min(limit, rows.size()))) {
            items.add(view(row, language));
        }
        long unread = ((Number) em.createNativeQuery("select count(*) from notice where patron_id = ?1 and channel = 'in-app' and read_at is null")
                .setParameter(1, patronId).getSingleResult()).longValue();
        return new NoticePage(items, unread, rows.size() > limit ? items.get(items.size() - 1).id() : null);
    }

    /** Marks the patron's own notice read (again: it keeps the first time); another patron's is "not found". */
    @Transactional
    public NoticeView markRead(UUID patronId, UUID noticeId) {
        String language = language(patronId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("update notice set read_at = coalesce(read_at, now()) "
                        + "where id = ?1 and patron_id = ?2 and channel = 'in-app' "
                        + "returning id, occasion, publication_id, hold_id, occasion_at, created_at, read_at, loan_id")
                .setParameter(1, noticeId).setParameter(2, patronId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("notice-not-found");
        }
        return view(rows.get(0), language);
    }

    /** Every notice of the patron, every channel, for the GDPR export. */
    @Transactional
    public List<NoticeExport> export(UUID patronId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, channel, occasion, publication_id, hold_id, occasion_at, created_at, read_at, "
                        + "status, attempts, sent_at, loan_id from notice where patron_id = ?1 order by created_at, id")
                .setParameter(1, patronId).getResultList();
        return rows.stream().map(r -> new NoticeExport((UUID) r[0], (String) r[1], (String) r[2], (UUID) r[3], (UUID) r[4],
                instant(r[5]), instant(r[6]), instant(r[7]), (String) r[8], ((Number) r[9]).intValue(), instant(r[10]), (UUID) r[11])).toList();
    }

    /** Erasure: the patron's notices go with the patron, e-mails and pushes not yet sent included, and their push subscriptions. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int erase(UUID patronId) {
        // and what was due: an erased patron is told nothing more
        em.createNativeQuery("delete from due_loan where patron_id = ?1").setParameter(1, patronId).executeUpdate();
        em.createNativeQuery("delete from ready_hold where patron_id = ?1").setParameter(1, patronId).executeUpdate();
        // push subscriptions (endpoints are personal data) and the channel choices go too
        em.createNativeQuery("delete from push_subscription where patron_id = ?1").setParameter(1, patronId).executeUpdate();
        em.createNativeQuery("delete from notice_choice where patron_id = ?1").setParameter(1, patronId).executeUpdate();
        return em.createNativeQuery("delete from notice where patron_id = ?1").setParameter(1, patronId).executeUpdate();
    }

    static ProblemException invalidCursor() {
        return new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-cursor", "after")));
    }

    private String language(UUID patronId) {
        @SuppressWarnings("unchecked")
        List<String> found = em.createNativeQuery("select language from patron where id = ?1").setParameter(1, patronId).getResultList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("patron-not-found");
        }
        return found.get(0);
    }

    private NoticeView view(Object[] row, String language) {
        Occasion occasion = Occasion.of((String) row[1]);
        Instant at = instant(row[4]);
        return new NoticeView((UUID) row[0], occasion.code, texts.inbox(occasion, language, at), (UUID) row[2], (UUID) row[3],
                (UUID) row[7],
                occasion == Occasion.HOLD_READY || occasion == Occasion.HOLD_READY_REMINDER ? at : null,
                occasion == Occasion.HOLD_EXPIRED || occasion == Occasion.LOAN_EXPIRED || occasion == Occasion.LICENCE_WITHDRAWN ? at : null,
                occasion == Occasion.LOAN_DUE ? at : null,
                instant(row[5]), instant(row[6]));
    }

    static Instant instant(Object value) {
        return fi.lainaamo.platform.persistence.SqlTimestamps.instant(value);
    }
}
