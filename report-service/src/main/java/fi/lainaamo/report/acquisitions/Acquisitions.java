package fi.lainaamo.report.acquisitions;

import fi.lainaamo.report.ReportPeriod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the acquisitions report from the licence dimension, the consumption per day and the holds waiting. */
@ApplicationScoped
public class Acquisitions {

    /** Holds waiting now, per title. */
    private static final String WAITING = "(select publication_id, count(*) n from hold_wait where placed_at is not null "
            + "and ready_at is null and ended_at is null group by publication_id)";

    private static final String LICENCE_COLUMNS = "l.licence_id, l.publication_id, p.title, l.distributor, l.status, l.concurrency, "
            + "l.checkouts, l.checkouts_left, l.expires";

    @Inject
    EntityManager em;

    @Transactional
    public AcquisitionsReport report(ReportPeriod period, Duration lookAhead, int fewCheckouts, int limit) {
        List<AcquisitionsReport.LicenceUse> consumption = licences("select " + LICENCE_COLUMNS + ", d.consumed, coalesce(w.n, 0) "
                + "from (select licence_id, sum(consumed) consumed from licence_day where day >= ?1 and day < ?2 group by licence_id) d "
                + "join licence l on l.licence_id = d.licence_id left join publication p on p.publication_id = l.publication_id "
                + "left join " + WAITING + " w on w.publication_id = l.publication_id "
                + "where d.consumed > 0 order by d.consumed desc, l.licence_id limit " + limit, period, null, 0);
        List<AcquisitionsReport.LicenceUse> ending = licences("select " + LICENCE_COLUMNS + ", coalesce(d.consumed, 0), coalesce(w.n, 0) "
                + "from licence l left join publication p on p.publication_id = l.publication_id "
                + "left join (select licence_id, sum(consumed) consumed from licence_day where day >= ?1 and day < ?2 group by licence_id) d "
                + "on d.licence_id = l.licence_id left join " + WAITING + " w on w.publication_id = l.publication_id "
                + "where coalesce(l.status, 'available') not in ('expired', 'exhausted', 'unavailable') "
                + "and (l.expires < ?3 or l.checkouts_left <= ?4) order by coalesce(w.n, 0) desc, l.expires nulls last, l.licence_id limit " + limit,
                period, Instant.now().plus(lookAhead), fewCheckouts);
        List<AcquisitionsReport.Demand> demand = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select w.publication_id, p.title, coalesce(c.copies, 0), w.n from " + WAITING + " w "
                        + "left join publication p on p.publication_id = w.publication_id left join (select publication_id, "
                        + "sum(concurrency) copies from licence where coalesce(status, 'available') = 'available' group by publication_id) c "
                        + "on c.publication_id = w.publication_id order by case when coalesce(c.copies, 0) = 0 then 1 else 0 end, "
                        + "w.n::float / nullif(c.copies, 0) desc nulls last, w.n desc, w.publication_id limit " + limit)
                .getResultList();
        for (Object[] row : rows) {
            long copies = ((Number) row[2]).longValue();
            long waiting = ((Number) row[3]).longValue();
            demand.add(new AcquisitionsReport.Demand((UUID) row[0], (String) row[1], copies, waiting,
                    copies == 0 ? null : Math.round(waiting * 100.0 / copies) / 100.0));
        }
        return new AcquisitionsReport(period.from().toString(), period.to().toString(), consumption, ending, demand);
    }

    @SuppressWarnings("unchecked")
    private List<AcquisitionsReport.LicenceUse> licences(String sql, ReportPeriod period, Instant expiresBefore, int fewCheckouts) {
        var query = em.createNativeQuery(sql).setParameter(1, period.firstDay()).setParameter(2, period.dayAfter());
        if (expiresBefore != null) {
            query.setParameter(3, expiresBefore.atOffset(java.time.ZoneOffset.UTC)).setParameter(4, fewCheckouts);
        }
        List<AcquisitionsReport.LicenceUse> licences = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            licences.add(new AcquisitionsReport.LicenceUse((UUID) row[0], (UUID) row[1], (String) row[2], (String) row[3], (String) row[4],
                    (Integer) row[5], (Integer) row[6], (Integer) row[7], instant(row[8]), ((Number) row[9]).longValue(),
                    ((Number) row[10]).longValue()));
        }
        return licences;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
