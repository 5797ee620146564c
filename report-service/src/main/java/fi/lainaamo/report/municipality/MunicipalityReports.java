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
 * Reads a municipality's report from the daily tables: every number is a sum over days, grouped by month, with the
 * publication's attributes joined as the catalogue describes it now.
 */
@ApplicationScoped
public class MunicipalityReports {

    /** The breakdowns, each an SQL expression over the publication {@code p} (constants, never input). */
    private static final Map<String, String> BREAKDOWNS = Map.of(
            "format", "coalesce(p.format, 'unknown')",
            "language", "coalesce(p.language, 'unknown')",
            "audience", "coalesce(p.audience, 'unknown')",
            "fiction", "case when p.fiction then 'fiction' when not p.fiction then 'non-fiction' else 'unknown' end",
            "subject", "unnest(case when p.subjects is null or cardinality(p.subjects) = 0 then array['unknown'] else p.subjects end)",
            "publisher", "coalesce(p.publisher, 'unknown')");

    @Inject
    EntityManager em;

    @Inject
    SmallCells smallCells;

    @ConfigProperty(name = "lainaamo.reports.top-titles")
    int topTitles;

    /** The report; the caller has checked access and the period. */
    @Transactional
    public MunicipalityReport report(String municipality, ReportPeriod period) {
        Map<String, Long> loans = perMonth("select to_char(day, 'YYYY-MM'), sum(loans) from loan_day "
                + "where municipality = ?1 and day >= ?2 and day < ?3 group by 1", municipality, period);
        Map<String, Long> borrowers = perMonth("select to_char(period, 'YYYY-MM'), sum(n) from ("
                + "select period, count(*) n from borrower_mark where grain = '" + BorrowerMarks.MONTH + "' and municipality = ?1 "
                + "and period >= ?2 and period < ?3 group by period union all "
                + "select period, borrowers from borrower_count where grain = '" + BorrowerMarks.MONTH + "' and municipality = ?1 "
                + "and period >= ?2 and period < ?3) b group by 1", municipality, period);
        Map<String, Long> holdsPlaced = perMonth("select to_char(placed_at at time zone 'Europe/Helsinki', 'YYYY-MM'), count(*) "
                + "from hold_wait where municipality = ?1 and placed_at >= ?2 and placed_at < ?3 group by 1", municipality, period);
        Map<String, Double> waits = new HashMap<>();
        for (Object[] row : rows("select to_char(ready_at at time zone 'Europe/Helsinki', 'YYYY-MM'), "
                + "avg(extract(epoch from ready_at - placed_at)) / 86400 from hold_wait where municipality = ?1 "
                + "and placed_at is not null and ready_at >= ?2 and ready_at < ?3 group by 1", municipality, period)) {
            waits.put((String) row[0], row[1] == null ? null : Math.round(((Number) row[1]).doubleValue() * 10) / 10.0);
        }
        Map<String, Map<String, List<MunicipalityReport.Share>>> shares = new HashMap<>();
        for (Map.Entry<String, String> breakdown : BREAKDOWNS.entrySet()) {
            for (Object[] row : rows("select m, v, sum(loans) from (select to_char(l.day, 'YYYY-MM') m, " + breakdown.getValue()
                    + " v, l.loans from loan_day l left join publication p on p.publication_id = l.publication_id "
                    + "where l.municipality = ?1 and l.day >= ?2 and l.day < ?3) x group by m, v order by m, 3 desc, v", municipality, period)) {
                shares.computeIfAbsent((String) row[0], m -> new HashMap<>())
                        .computeIfAbsent(breakdown.getKey(), b -> new ArrayList<>())
                        .add(new MunicipalityReport.Share((String) row[1], ((Number) row[2]).longValue()));
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
        for (Object[] row : rows("select l.publication_id, p.title, sum(l.loans) from loan_day l left join publication p "
                + "on p.publication_id = l.publication_id where l.municipality = ?1 and l.day >= ?2 and l.day < ?3 "
                + "group by l.publication_id, p.title order by 3 desc, p.title, l.publication_id limit " + topTitles, municipality, period)) {
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
        boolean instants = sql.contains("_at >= ?2");
        return em.createNativeQuery(sql).setParameter(1, municipality)
                .setParameter(2, instants ? period.firstDay().atStartOfDay(fi.lainaamo.report.ReportDays.FINLAND).toOffsetDateTime() : period.firstDay())
                .setParameter(3, instants ? period.dayAfter().atStartOfDay(fi.lainaamo.report.ReportDays.FINLAND).toOffsetDateTime() : period.dayAfter())
                .getResultList();
    }
}
