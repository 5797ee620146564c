package fi.lainaamo.report.acquisitions;

import fi.lainaamo.report.ReportPeriod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
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

    /** Loans lent on each licence so far: seats it gave, any day. */
    private static final String LOANS_SO_FAR = "(select licence_id, sum(consumed) loans from licence_day group by licence_id)";

    private static final String LICENCE_COLUMNS = "l.licence_id, l.publication_id, p.title, l.distributor, l.status, l.concurrency, "
            + "l.checkouts, l.checkouts_left, l.expires";

    @Inject
    EntityManager em;

    @Transactional
    public AcquisitionsReport report(ReportPeriod period, Duration lookAhead, int fewCheckouts, int limit, int offset) {
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
        return new AcquisitionsReport(period.from().toString(), period.to().toString(), consumption, byDistributor(period, limit),
                costPerLoan(limit), costByDistributor(), spend(period), ending, demand, neverBorrowed(limit, offset));
    }

    /** Seats consumed in the period per distributor. */
    private List<AcquisitionsReport.DistributorUse> byDistributor(ReportPeriod period, int limit) {
        List<AcquisitionsReport.DistributorUse> rows = new ArrayList<>();
        for (Object[] row : rows("select l.distributor, count(distinct l.licence_id), sum(d.consumed) from licence_day d "
                + "join licence l on l.licence_id = d.licence_id where d.day >= ?1 and d.day < ?2 and d.consumed > 0 "
                + "group by l.distributor order by 3 desc, 1 nulls last limit " + limit, period.firstDay(), period.dayAfter())) {
            rows.add(new AcquisitionsReport.DistributorUse((String) row[0], ((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
        }
        return rows;
    }

    /**
     * Each priced licence's price ÷ the loans lent on it so far, whatever its model: a metered licence's price is spread
     * over the loans it has lent (and, as pricePerCheckout, over all it was bought for); a time-limited or perpetual
     * licence's whole price over the loans it has lent, nothing spread over its remaining time.
     */
    private List<AcquisitionsReport.LicenceCost> costPerLoan(int limit) {
        List<AcquisitionsReport.LicenceCost> rows = new ArrayList<>();
        for (Object[] row : rows("select l.licence_id, l.publication_id, p.title, l.distributor, l.checkouts, l.expires, l.price_cents, "
                + "l.currency, coalesce(s.loans, 0) from licence l left join publication p on p.publication_id = l.publication_id "
                + "left join " + LOANS_SO_FAR + " s on s.licence_id = l.licence_id where l.price_cents is not null "
                + "order by l.price_cents::numeric / nullif(s.loans, 0) desc nulls first, l.licence_id limit " + limit)) {
            Integer checkouts = (Integer) row[4];
            Instant expires = instant(row[5]);
            long cents = ((Number) row[6]).longValue();
            long loans = ((Number) row[8]).longValue();
            String model = checkouts != null ? "checkouts" : expires != null ? "time-limited" : "perpetual";
            rows.add(new AcquisitionsReport.LicenceCost((UUID) row[0], (UUID) row[1], (String) row[2], (String) row[3], model, checkouts,
                    expires, money(cents), (String) row[7], loans, per(cents, loans), checkouts == null ? null : per(cents, checkouts)));
        }
        return rows;
    }

    private List<AcquisitionsReport.DistributorCost> costByDistributor() {
        List<AcquisitionsReport.DistributorCost> rows = new ArrayList<>();
        for (Object[] row : rows("select l.distributor, l.currency, count(*), sum(l.price_cents), coalesce(sum(s.loans), 0) from licence l "
                + "left join " + LOANS_SO_FAR + " s on s.licence_id = l.licence_id where l.price_cents is not null "
                + "group by l.distributor, l.currency order by l.distributor nulls last, l.currency")) {
            long cents = ((Number) row[3]).longValue();
            long loans = ((Number) row[4]).longValue();
            rows.add(new AcquisitionsReport.DistributorCost((String) row[0], (String) row[1], ((Number) row[2]).longValue(), money(cents),
                    loans, per(cents, loans)));
        }
        return rows;
    }

    /** Prices of the licences added in each month of the period (the Finnish day the licence was added). */
    private List<AcquisitionsReport.MonthSpend> spend(ReportPeriod period) {
        List<AcquisitionsReport.MonthSpend> rows = new ArrayList<>();
        for (Object[] row : rows("select to_char(l.added_on, 'YYYY-MM'), l.distributor, l.currency, count(*), sum(l.price_cents) "
                + "from licence l where l.price_cents is not null and l.added_on >= ?1 and l.added_on < ?2 "
                + "group by 1, 2, 3 order by 1, 2 nulls last, 3", period.firstDay(), period.dayAfter())) {
            rows.add(new AcquisitionsReport.MonthSpend((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).longValue(),
                    money(((Number) row[4]).longValue())));
        }
        return rows;
    }

    /** Licensed titles (not withdrawn) without a single loan in loan_day, ever: how many, and one page of them. */
    private AcquisitionsReport.NeverBorrowed neverBorrowed(int limit, int offset) {
        String unborrowed = "from licence l left join publication p on p.publication_id = l.publication_id "
                + "where l.publication_id is not null and not coalesce(p.withdrawn, false) "
                + "and not exists (select 1 from loan_day d where d.publication_id = l.publication_id) ";
        long count = ((Number) em.createNativeQuery("select count(distinct l.publication_id) " + unborrowed).getSingleResult()).longValue();
        List<AcquisitionsReport.UnborrowedTitle> titles = new ArrayList<>();
        for (Object[] row : rows("select l.publication_id, p.title, p.publisher, count(*), min(l.added_on) " + unborrowed
                + "group by l.publication_id, p.title, p.publisher order by min(l.added_on) nulls last, l.publication_id "
                + "offset " + offset + " limit " + limit)) {
            titles.add(new AcquisitionsReport.UnborrowedTitle((UUID) row[0], (String) row[1], (String) row[2], ((Number) row[3]).longValue(),
                    day(row[4])));
        }
        return new AcquisitionsReport.NeverBorrowed(count, titles);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.getResultList();
    }

    private static java.time.LocalDate day(Object value) {
        if (value == null || value instanceof java.time.LocalDate) {
            return (java.time.LocalDate) value;
        }
        return ((java.sql.Date) value).toLocalDate();
    }

    private static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** cents ÷ n in currency units, two decimals half up; null for nothing to divide by. */
    private static BigDecimal per(long cents, long n) {
        return n <= 0 ? null : BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(n * 100), 2, RoundingMode.HALF_UP);
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
