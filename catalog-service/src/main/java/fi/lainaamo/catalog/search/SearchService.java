package fi.lainaamo.catalog.search;

import fi.lainaamo.catalog.publications.LanguageCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * PostgreSQL full-text search over the catalogue. Each publication is indexed in its own language's configuration
 * (stemmed, accents folded, see V2 migration); the query is parsed in the Finnish, Swedish, English and simple
 * configurations and any of them may match, because a patron's query does not say its language. A prefix of the
 * last word and a trigram match on titles and names give search-as-you-type and typo tolerance. Withdrawn titles
 * never match.
 */
@ApplicationScoped
public class SearchService {

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final String TSQUERY = "(websearch_to_tsquery('lainaamo_fi', ?q) || websearch_to_tsquery('lainaamo_sv', ?q)"
            + " || websearch_to_tsquery('lainaamo_en', ?q) || websearch_to_tsquery('lainaamo_simple', ?q)"
            + " || to_tsquery('lainaamo_simple', ?prefix))";

    @Inject
    EntityManager em;

    @Transactional
    public SearchResult search(SearchQuery query) {
        List<Object> params = new ArrayList<>();
        String matched = matched(query, params);
        String order = switch (query.sort()) {
            case RELEVANCE -> query.hasWords() ? "rank desc, id" : "published desc nulls last, created_at desc, id";
            case TITLE -> "sort_title, id";
            case NEWEST -> "published desc nulls last, created_at desc, id";
            case MOST_BORROWED -> "times_borrowed desc, sort_title, id";
        };
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.limit() + 1);
        pageParams.add(query.offset());
        @SuppressWarnings("unchecked")
        List<Object> rows = bind(em.createNativeQuery("with matched as (" + matched + ") select id from matched order by "
                + order + " limit ?" + (params.size() + 1) + " offset ?" + (params.size() + 2)), pageParams).getResultList();
        List<UUID> ids = rows.stream().map(r -> r instanceof UUID u ? u : UUID.fromString(r.toString())).toList();
        boolean more = ids.size() > query.limit();

        @SuppressWarnings("unchecked")
        List<Object[]> facetRows = bind(em.createNativeQuery("with matched as (" + matched + ") "
                + "select 'total', null, count(*) from matched "
                + "union all select 'format', format, count(*) from matched group by format "
                + "union all select 'language', language, count(*) from matched group by language "
                + "union all select 'audience', audience, count(*) from matched where audience is not null group by audience "
                + "union all select 'available', 'true', count(*) from matched where available_now "
                + "union all (select 'subject', s, count(*) from matched, unnest(subject_terms) s group by s order by count(*) desc, s limit 20)"),
                params).getResultList();
        long total = 0;
        Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
        for (String facet : List.of("format", "language", "audience", "subject", "available")) {
            facets.put(facet, new ArrayList<>());
        }
        for (Object[] r : facetRows) {
            long count = ((Number) r[2]).longValue();
            if ("total".equals(r[0])) {
                total = count;
            } else {
                facets.get((String) r[0]).add(new SearchResult.FacetCount((String) r[1], count));
            }
        }
        facets.values().forEach(list -> list.sort((a, b) -> Long.compare(b.count(), a.count())));
        return new SearchResult(more ? ids.subList(0, query.limit()) : ids, total, facets, more);
    }

    /** The matching publications with what ordering and facets need; fills {@code params} in order (?1, ?2...). */
    private static String matched(SearchQuery query, List<Object> params) {
        StringBuilder where = new StringBuilder("p.status = 'ACTIVE'");
        String rank = "0";
        if (query.hasWords()) {
            String q = query.q().trim();
            String folded = NOT_WORD.matcher(q.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
            String[] words = folded.isEmpty() ? new String[0] : folded.split(" ");
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < words.length; i++) {
                prefix.append(i == 0 ? "" : " & ").append(words[i]).append(i == words.length - 1 ? ":*" : "");
            }
            String qp = param(params, q);
            String pp = param(params, prefix.isEmpty() ? "" : prefix.toString());
            String np = param(params, folded);
            String tsq = TSQUERY.replace("?q", qp).replace("?prefix", pp);
            where.append(" and (p.search_vector @@ ").append(tsq)
                    .append(" or lainaamo_fold(").append(np).append(") <% p.search_names)");
            rank = "ts_rank_cd(p.search_vector, " + tsq + ") + word_similarity(lainaamo_fold(" + np + "), p.search_names)";
        }
        if (query.format() != null) {
            where.append(" and p.format = ").append(param(params, query.format().toUpperCase(Locale.ROOT)));
        }
        if ("other".equals(query.language())) {
            // the OPDS "other languages" group
            where.append(" and p.language not in ('fin', 'swe', 'eng')");
        } else if (query.language() != null) {
            where.append(" and p.language = ").append(param(params, LanguageCodes.toIso639B(query.language())));
        }
        if (query.audience() != null) {
            where.append(" and p.audience = ").append(param(params, query.audience().toUpperCase(Locale.ROOT)));
        }
        if (query.subject() != null) {
            where.append(" and p.subject_terms @> array[cast(").append(param(params, query.subject())).append(" as text)]");
        }
        if (Boolean.TRUE.equals(query.available())) {
            where.append(" and a.copies_available > 0");
        } else if (Boolean.FALSE.equals(query.available())) {
            where.append(" and coalesce(a.copies_available, 0) = 0");
        }
        return "select p.id, p.sort_title, p.published, p.created_at, p.format, p.language, p.audience, p.subject_terms,"
                + " coalesce(a.copies_available, 0) > 0 as available_now, coalesce(b.times_borrowed, 0) as times_borrowed,"
                + " " + rank + " as rank"
                + " from publication p"
                + " left join publication_availability a on a.publication_id = p.id"
                + " left join publication_borrowed b on b.publication_id = p.id"
                + " where " + where;
    }

    private static String param(List<Object> params, Object value) {
        params.add(value);
        return "?" + params.size();
    }

    private static Query bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }
}
