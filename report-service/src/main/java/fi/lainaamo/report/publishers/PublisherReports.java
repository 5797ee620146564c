package fi.lainaamo.report.publishers;

import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.SmallCells;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads one publisher's data: every query starts from the publication dimension filtered on that publisher (the
 * catalogue's name, matched without regard to case or surrounding space), so no other publisher's title can appear.
 */
@ApplicationScoped
public class PublisherReports {

    /** The publisher's titles; :publisher is the name as asked for, already trimmed. */
    private static final String TITLES = "(select publication_id, title, format, identifiers from publication "
            + "where lower(btrim(publisher)) = lower(:publisher))";

    /** Separates identifiers in one text column (an identifier never holds a record separator). */
    private static final String SEPARATOR = "\u001e";

    @Inject
    EntityManager em;

    @Inject
    SmallCells smallCells;

    @Transactional
    public PublisherHolds holds(String publisher, int limit, int offset) {
        String active = "from " + TITLES + " t join hold_wait w on w.publication_id = t.publication_id "
                + "where w.placed_at is not null and w.ended_at is null ";
        Object[] totals = (Object[]) em.createNativeQuery("select count(*) filter (where w.ready_at is null), "
                + "count(*) filter (where w.ready_at is not null) " + active).setParameter("publisher", publisher).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select t.publication_id, t.title, t.format, array_to_string(t.identifiers, chr(30)), "
                        + "count(*) filter (where w.ready_at is null) waiting, count(*) filter (where w.ready_at is not null) ready " + active
                        + "group by t.publication_id, t.title, t.format, t.identifiers order by waiting desc, ready desc, t.title, t.publication_id "
                        + "offset " + offset + " limit " + limit)
                .setParameter("publisher", publisher).getResultList();
        List<PublisherHolds.TitleHolds> titles = new ArrayList<>();
        for (Object[] row : rows) {
            titles.add(new PublisherHolds.TitleHolds((UUID) row[0], (String) row[1], (String) row[2], identifiers(row[3]),
                    ((Number) row[4]).longValue(), ((Number) row[5]).longValue()));
        }
        return new PublisherHolds(publisher, Instant.now(), ((Number) totals[0]).longValue(), ((Number) totals[1]).longValue(), titles);
    }

    /**
     * Holds placed and loans per title and Finnish month, summed over every municipality and library; a title's loans
     * in a month below the small-cell threshold are withheld ("< n"), as these numbers leave the consortium.
     */
    @Transactional
    public PublisherTitles titles(String publisher, ReportPeriod period, int limit, int offset) {
        String monthly = "with t as " + TITLES + ", "
                + "l as (select d.publication_id, date_trunc('month', d.day)::date m, sum(d.loans) loans from loan_day d "
                + "join t on t.publication_id = d.publication_id where d.day >= :first and d.day < :after group by 1, 2), "
                + "h as (select d.publication_id, date_trunc('month', d.day)::date m, sum(d.placed) placed from hold_day d "
                + "join t on t.publication_id = d.publication_id where d.day >= :first and d.day < :after and d.placed > 0 group by 1, 2), "
                + "a as (select coalesce(l.publication_id, h.publication_id) publication_id, coalesce(l.m, h.m) m, "
                + "coalesce(h.placed, 0) placed, coalesce(l.loans, 0) loans from l full join h on h.publication_id = l.publication_id and h.m = l.m) ";
        long total = ((Number) em.createNativeQuery(monthly + "select count(distinct publication_id) from a")
                .setParameter("publisher", publisher).setParameter("first", period.firstDay()).setParameter("after", period.dayAfter())
                .getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(monthly + ", page as (select t.publication_id, t.title, t.format, t.identifiers from t "
                        + "where t.publication_id in (select publication_id from a) order by lower(t.title), t.publication_id "
                        + "offset " + offset + " limit " + limit + ") "
                        + "select p.publication_id, p.title, p.format, array_to_string(p.identifiers, chr(30)), to_char(a.m, 'YYYY-MM'), "
                        + "a.placed, a.loans from page p join a on a.publication_id = p.publication_id "
                        + "order by lower(p.title), p.publication_id, a.m")
                .setParameter("publisher", publisher).setParameter("first", period.firstDay()).setParameter("after", period.dayAfter())
                .getResultList();
        Map<UUID, PublisherTitles.Title> titles = new LinkedHashMap<>();
        for (Object[] row : rows) {
            PublisherTitles.Title title = titles.computeIfAbsent((UUID) row[0], id -> new PublisherTitles.Title(id, (String) row[1],
                    (String) row[2], identifiers(row[3]), new ArrayList<>()));
            long loans = ((Number) row[6]).longValue();
            boolean hidden = smallCells.hidden(loans);
            title.months().add(new PublisherTitles.Month((String) row[4], ((Number) row[5]).longValue(), hidden ? null : loans,
                    smallCells.shown(loans)));
        }
        return new PublisherTitles(publisher, period.from().toString(), period.to().toString(), smallCells.threshold(), total,
                List.copyOf(titles.values()));
    }

    private static List<String> identifiers(Object joined) {
        return joined == null || joined.toString().isEmpty() ? List.of() : Arrays.asList(joined.toString().split(SEPARATOR));
    }
}
