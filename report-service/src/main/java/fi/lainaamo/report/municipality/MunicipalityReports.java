package fi.lainaamo.report.municipality;

import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.SmallCells;
import fi.lainaamo.report.borrowers.BorrowerMarks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a municipality's report: loans and their breakdowns from the rollups of the daily counts ({@code loan_month},
 * {@code loan_month_share}: the publication's attributes as the catalogue describes it now), borrowers and holds from
 * their own tables, every number grouped by month.
 */
@ApplicationScoped
public class MunicipalityReports {

    /**
     * Every breakdown of every month in one statement, from the rollup the loans and catalogue triggers keep
     * ({@code loan_month_share}, V11: each value's loans under the publication's current attributes).
     */
    private static final String SHARES = "select breakdown, to_char(month, 'YYYY-MM'), value, loans from loan_month_share "
            + "where municipality = ?1 and month >= ?2 and month < ?3 order by 1, 2, 4 desc, 3";

    @Inject
    EntityManager em;

    @Inject
    SmallCells smallCells;

    @ConfigProperty(name = "lainaamo.reports.top-titles")
    int topTitles;

    /** The report; the caller has checked access and the period. */
    @Transactional
    public MunicipalityReport report(String municipality, ReportPeriod period) {
        Map<String, Long> borrowers = perMonth("select to_char(period, 'YYYY-MM'), sum(n) from ("
                + "select period, count(*) n from borrower_mark where grain = '" + BorrowerMarks.MONTH + "' and municipality = ?1 "
                + "and period >= ?2 and period < ?3 group by period union all "
                + "select period, borrowers from borrower_count where grain = '" + BorrowerMarks.MONTH + "' and municipality = ?1 "
                + "and period >= ?2 and period < ?3) b group by 1", municipality, period);
        // each month's holds placed and average wait, over the month's range of an index (V12), the bounds computed once
        Map<String, Long> holdsPlaced = new HashMap<>();
        Map<String, Double> waits = new HashMap<>();
        for (Object[] row : rows("select to_char(m.first, 'YYYY-MM'), (select count(*) from hold_wait h where h.municipality = ?1 "
                + "and h.placed_at >= m.start and h.placed_at < m.stop), (select avg(extract(epoch from h.ready_at - h.placed_at)) / 86400 "
                + "from hold_wait h where h.municipality = ?1 and h.placed_at is not null and h.ready_at >= m.start and h.ready_at < m.stop) "
                + "from (select first, first at time zone 'Europe/Helsinki' start, (first + interval '1 month') at time zone 'Europe/Helsinki' stop "
                + "from generate_series(cast(?2 as date), cast(?3 as date) - 1, interval '1 month') first) m", municipality, period)) {
            holdsPlaced.put((String) row[0], ((Number) row[1]).longValue());
            if (row[2] != null) {
                waits.put((String) row[0], Math.round(((Number) row[2]).doubleValue() * 10) / 10.0);
            }
        }
        Map<String, Map<String, List<MunicipalityReport.Share>>> shares = new HashMap<>();
        Map<String, Long> loans = new HashMap<>();
        for (Object[] row : rows(SHARES, municipality, period)) {
            String breakdown = (String) row[0];
            long n = ((Number) row[3]).longValue();
            shares.computeIfAbsent((String) row[1], m -> new HashMap<>())
                    .computeIfAbsent(breakdown, b -> new ArrayList<>())
                    .add(new MunicipalityReport.Share((String) row[2], n));
            if ("format".equals(breakdown)) {
                loans.merge((String) row[1], n, Long::sum); // each loan has exactly one format ("unknown" included)
            }
        }
        List<MunicipalityReport.Month> months = new ArrayList<>();
        for (YearMonth month = period.from(); !month.isAfter(period.to()); month = month.plusMonths(1)) {
            String key = month.toString();
            Map<String, List<MunicipalityReport.Share>> of = shares.getOrDefault(key, Map.of());
            months.add(new MunicipalityReport.Month(key, loans.getOrDefault(key, 0L), borrowers.getOrDefault(key, 0L),
                    holdsPlaced.getOrDefault(key, 0L), waits.get(key), of.getOrDefault("format", List.of()),
                    of.getOrDefault("language", List.of()), of.getOrDefault("audience", List.of()), of.getOrDefault("fiction", List.of()),
                    of.getOrDefault("subject", List.of()), of.getOrDefault("publisher", List.of())));
        }
        List<MunicipalityReport.TopTitle> top = new ArrayList<>();
        // only the titles with at least the n-th most loans are joined to their names (ties broken by title need them all)
        for (Object[] row : rows("with l as materialized (select publication_id, sum(loans) loans from loan_month "
                + "where municipality = ?1 and month >= ?2 and month < ?3 group by publication_id) "
                + "select l.publication_id, (select p.title from publication p where p.publication_id = l.publication_id) title, l.loans from l "
                + "where l.loans >= coalesce((select loans from l order by loans desc offset " + (topTitles - 1) + " limit 1), 0) "
                + "order by 3 desc, 2, l.publication_id limit " + topTitles, municipality, period)) {
            long n = ((Number) row[2]).longValue();
            top.add(new MunicipalityReport.TopTitle((UUID) row[0], (String) row[1], smallCells.hidden(n) ? null : n, smallCells.shown(n)));
        }
        long waiting = ((Number) em.createNativeQuery("select count(*) from hold_wait where municipality = ?1 and placed_at is not null "
                + "and ready_at is null and ended_at is null").setParameter(1, municipality).getSingleResult()).longValue();
        return new MunicipalityReport(municipality, period.from().toString(), period.to().toString(), smallCells.threshold(), waiting,
                months, top);
    }

    private Map<String, Long> perMonth(String sql, String municipality, ReportPeriod period) {
        Map<String, Long> byMonth = new LinkedHashMap<>();
        for (Object[] row : rows(sql, municipality, period)) {
            byMonth.put((String) row[0], ((Number) row[1]).longValue());
        }
        return byMonth;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, String municipality, ReportPeriod period) {
        return em.createNativeQuery(sql).setParameter(1, municipality)
                .setParameter(2, period.firstDay())
                .setParameter(3, period.dayAfter())
                .getResultList();
    }
}
