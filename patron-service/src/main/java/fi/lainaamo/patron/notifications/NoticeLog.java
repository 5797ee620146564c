package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What staff may know about notices: a librarian which notices their patron got and when (to answer "I was never
 * told"), a consortium admin how each channel is doing. Neither sees a notice's text, title or address.
 */
@ApplicationScoped
public class NoticeLog {

    /** The longest period a summary covers. */
    static final int MAX_DAYS = 366;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.notifications.time-zone", defaultValue = "Europe/Helsinki")
    ZoneId zone;

    /** Today in the consortium's time zone: where a summary's default period ends. */
    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /** The patron's notices, newest first, {@code limit} at a time after {@code after}; the caller checked the patron is in scope. */
    @Transactional
    public List<NoticeRecord> of(UUID patronId, UUID after, int limit) {
        if (after != null && em.createNativeQuery("select 1 from notice where id = ?1 and patron_id = ?2")
                .setParameter(1, after).setParameter(2, patronId).getResultList().isEmpty()) {
            throw Notices.invalidCursor();
        }
        Query query = em.createNativeQuery("select id, occasion, channel, status, attempts, created_at, sent_at from notice where patron_id = ?1 "
                        + (after == null ? "" : "and (created_at, id) < (select created_at, id from notice where id = ?3) ")
                        + "order by created_at desc, id desc limit ?2")
                .setParameter(1, patronId).setParameter(2, limit);
        if (after != null) {
            query.setParameter(3, after);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new NoticeRecord((UUID) r[0], (String) r[1], (String) r[2], r[3] == null ? "delivered" : (String) r[3],
                ((Number) r[4]).intValue(), Notices.instant(r[5]), Notices.instant(r[6]))).toList();
    }

    /** Counts per channel and occasion for the notices written from {@code from} to {@code to}, both inclusive. */
    @Transactional
    public NoticeSummary summary(LocalDate from, LocalDate to) {
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-period", "from")));
        }
        Timestamp start = Timestamp.from(from.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select channel, count(*), "
                        + "count(*) filter (where status is null or status = 'sent'), count(*) filter (where status = 'pending'), "
                        + "count(*) filter (where status = 'pending' and attempts > 0), count(*) filter (where status = 'skipped'), "
                        + "count(*) filter (where status = 'failed') "
                        + "from notice where created_at >= ?1 and created_at < ?2 group by channel")
                .setParameter(1, start).setParameter(2, end).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> oldest = em.createNativeQuery("select channel, min(created_at) from notice where status = 'pending' group by channel")
                .getResultList();
        Map<String, Timestamp> oldestPending = new LinkedHashMap<>();
        oldest.forEach(r -> oldestPending.put((String) r[0], (Timestamp) r[1]));
        Map<String, NoticeSummary.PerChannel> channels = new LinkedHashMap<>();
        Arrays.stream(Channel.values()).forEach(c -> channels.put(c.code,
                new NoticeSummary.PerChannel(c.code, 0, 0, 0, 0, 0, 0, Notices.instant(oldestPending.get(c.code)))));
        for (Object[] r : rows) {
            String channel = (String) r[0];
            channels.put(channel, new NoticeSummary.PerChannel(channel, count(r[1]), count(r[2]), count(r[3]), count(r[4]), count(r[5]),
                    count(r[6]), Notices.instant(oldestPending.get(channel))));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> perOccasion = em.createNativeQuery("select occasion, count(*) from notice where created_at >= ?1 and created_at < ?2 "
                        + "group by occasion order by occasion")
                .setParameter(1, start).setParameter(2, end).getResultList();
        List<NoticeSummary.PerOccasion> occasions = new ArrayList<>();
        perOccasion.forEach(r -> occasions.add(new NoticeSummary.PerOccasion((String) r[0], count(r[1]))));
        return new NoticeSummary(from, to, List.copyOf(channels.values()), occasions);
    }

    private static long count(Object value) {
        return ((Number) value).longValue();
    }
}
