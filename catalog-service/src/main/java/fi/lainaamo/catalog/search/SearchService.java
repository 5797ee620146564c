package fi.lainaamo.catalog.search;

import fi.lainaamo.catalog.publications.LanguageCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * PostgreSQL full-text search over the catalogue's search entries (one narrow row per active publication, kept by
 * triggers, see the V3 migration). Each publication is indexed in its own language's configuration (stemmed, accents
 * folded); the query is parsed in the Finnish, Swedish, English and simple configurations and any of them may match,
 * because a patron's query does not say its language; the last word also matches as a prefix (search as you type).
 * When the words find nothing, titles and names are searched again by trigram similarity (typo tolerance).
 *
 * <p>The work of one search is bounded, however many publications match. It first reads the matches in publication-id
 * order up to {@link #SAMPLE}. Ids are hashes (name-based or random UUIDs), so that order is a uniform random order:
 * when no more than {@code SAMPLE} match, the sample is every match and the total, facet counts and order are exact;
 * when more match, the sample is a uniform random sample of them, the total is estimated from how far into the id
 * space the sample reached, the facet counts are the sample's scaled to it (both to two significant digits and
 * flagged as estimates), and the page comes from an index in the requested order. Relevance over that many matches
 * ranks the {@link #POOL} most borrowed (then newest) matches by their text rank and continues in that order.
 */
@ApplicationScoped
public class SearchService {

    /** Matches read to count and facet; more than this and the counts are estimates. */
    static final int SAMPLE = 300;
    /** Matches ranked by relevance when more than {@link #SAMPLE} match. */
    static final int POOL = 100;

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final String POPULAR = "times_borrowed desc, published desc nulls last, created_at desc, publication_id";
    private static final String NEWEST = "published desc nulls last, created_at desc, publication_id";
    private static final List<String> FACETS = List.of("format", "language", "audience", "subject", "available");

    @Inject
    EntityManager em;

    @Transactional
    public SearchResult search(SearchQuery query) {
        Criteria criteria = criteria(query, false);
        List<Match> sample = sample(criteria);
        if (sample.isEmpty() && query.hasWords()) {
            criteria = criteria(query, true);
            sample = sample(criteria);
        }
        int need = query.offset() + query.limit() + 1;
        if (sample.size() <= SAMPLE) {
            List<UUID> ordered = sample.stream().sorted(order(query, criteria)).map(Match::id).toList();
            return result(query, ordered, sample.size(), facets(sample, 1), false);
        }
        List<Match> counted = sample.subList(0, SAMPLE);
        // the SAMPLE-th match's place in the id space is the share of all matches the sample covers
        double covered = ((counted.get(SAMPLE - 1).id().getMostSignificantBits() >>> 16) + 1) / (double) (1L << 48);
        long total = Math.max(SAMPLE + 1, roughly(SAMPLE / covered));
        return result(query, page(query, criteria, need), total, facets(counted, total / (double) SAMPLE), true);
    }

    /** The page out of the ordered ids from the first on (at least up to one past the page, when there are so many). */
    private static SearchResult result(SearchQuery query, List<UUID> ordered, long total,
                                       Map<String, List<SearchResult.FacetCount>> facets, boolean estimated) {
        int from = Math.min(query.offset(), ordered.size());
        int to = Math.min(query.offset() + query.limit(), ordered.size());
        boolean more = ordered.size() > query.offset() + query.limit();
        return new SearchResult(List.copyOf(ordered.subList(from, to)), total, facets, more, estimated);
    }

    /** A search's condition on search_entry e, its text rank, and the parameters they bind (?1, ?2...). */
    private record Criteria(String where, String rank, List<Object> params) {
    }

    /** One match as the sample reads it: enough to count facets and to order a small result in memory. */
    private record Match(UUID id, String format, String language, String audience, boolean available, List<String> subjects,
                         String sortTitle, LocalDate published, Instant created, long timesBorrowed, double rank) {
    }

    private static Criteria criteria(SearchQuery query, boolean bySimilarity) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        String rank = "0";
        if (query.hasWords()) {
            String q = query.q().trim();
            String folded = NOT_WORD.matcher(q.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
            if (bySimilarity) {
                String np = param(params, folded);
                where.append(" and lainaamo_fold(").append(np).append(") <% e.names");
                rank = "word_similarity(lainaamo_fold(" + np + "), e.names)";
            } else {
                String[] words = folded.isEmpty() ? new String[0] : folded.split(" ");
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < words.length; i++) {
                    prefix.append(i == 0 ? "" : " & ").append(words[i]).append(i == words.length - 1 ? ":*" : "");
                }
                String tsq = "lainaamo_tsquery(" + param(params, q) + ", " + param(params, prefix.toString()) + ")";
                where.append(" and e.document @@ ").append(tsq);
                rank = "ts_rank_cd(e.document, " + tsq + ")";
            }
        }
        if (query.format() != null) {
            where.append(" and e.format = ").append(param(params, query.format().toUpperCase(Locale.ROOT)));
        }
        if ("other".equals(query.language())) {
            // the OPDS "other languages" group
            where.append(" and e.language not in ('fin', 'swe', 'eng')");
        } else if (query.language() != null) {
            where.append(" and e.language = ").append(param(params, LanguageCodes.toIso639B(query.language())));
        }
        if (query.audience() != null) {
            where.append(" and e.audience = ").append(param(params, query.audience().toUpperCase(Locale.ROOT)));
        }
        if (query.subject() != null) {
            where.append(" and e.subject_terms @> array[cast(").append(param(params, query.subject())).append(" as text)]");
        }
        if (query.available() != null) {
            where.append(" and e.available_now = ").append(param(params, query.available()));
        }
        return new Criteria(where.toString(), rank, params);
    }

    /** The first SAMPLE + 1 matches in id order, that is in a uniform random order. */
    private List<Match> sample(Criteria c) {
        List<Object> params = new ArrayList<>(c.params());
        String limit = param(params, SAMPLE + 1);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = bind(em.createNativeQuery("select e.publication_id, e.format, e.language, e.audience, e.available_now,"
                + " cast(e.subject_terms as text), e.sort_title, e.published, e.created_at, e.times_borrowed, " + c.rank()
                + " from search_entry e where " + c.where() + " order by e.publication_id limit " + limit), params).getResultList();
        List<Match> matches = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            matches.add(new Match(uuid(r[0]), (String) r[1], (String) r[2], (String) r[3], Boolean.TRUE.equals(r[4]),
                    textArray((String) r[5]), (String) r[6], date(r[7]), instant(r[8]), ((Number) r[9]).longValue(),
                    ((Number) r[10]).doubleValue()));
        }
        return matches;
    }

    /** The order of {@link #page}, for a result small enough to be ordered in memory. */
    private static Comparator<Match> order(SearchQuery query, Criteria c) {
        Comparator<Match> newest = Comparator.comparing(Match::published, Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder())).reversed()
                .thenComparing(Match::created, Comparator.reverseOrder()).thenComparing(Match::id, SearchService::uuidOrder);
        return switch (query.sort()) {
            case RELEVANCE -> query.hasWords()
                    ? Comparator.comparingDouble(Match::rank).reversed().thenComparing(Comparator.comparingLong(Match::timesBorrowed).reversed())
                            .thenComparing(newest)
                    : newest;
            case TITLE -> Comparator.comparing(Match::sortTitle, Comparator.nullsLast(Comparator.<String>naturalOrder()))
                    .thenComparing(Match::id, SearchService::uuidOrder);
            case NEWEST -> newest;
            case MOST_BORROWED -> Comparator.comparingLong(Match::timesBorrowed).reversed().thenComparing(newest);
        };
    }

    /** The ids at [0, need) of a large result in the requested order, read through the index of that order. */
    private List<UUID> page(SearchQuery query, Criteria c, int need) {
        return switch (query.sort()) {
            case TITLE -> ids(c, "sort_title, publication_id", 0, need);
            case NEWEST -> ids(c, NEWEST, 0, need);
            case MOST_BORROWED -> ids(c, POPULAR, 0, need);
            case RELEVANCE -> {
                if (!query.hasWords()) {
                    yield ids(c, NEWEST, 0, need);
                }
                List<Object> params = new ArrayList<>(c.params());
                String pool = param(params, POOL);
                @SuppressWarnings("unchecked")
                List<Object> rows = bind(em.createNativeQuery("select publication_id from (select e.publication_id, e.times_borrowed,"
                        + " e.published, e.created_at, " + c.rank() + " as rank from search_entry e where " + c.where()
                        + " order by " + POPULAR + " limit " + pool + ") c order by rank desc, " + POPULAR), params).getResultList();
                List<UUID> ids = new ArrayList<>(rows.stream().map(SearchService::uuid).toList());
                if (need > ids.size() && ids.size() == POOL) {
                    ids.addAll(ids(c, POPULAR, POOL, need - POOL));
                }
                yield ids;
            }
        };
    }

    private List<UUID> ids(Criteria c, String order, int offset, int limit) {
        List<Object> params = new ArrayList<>(c.params());
        String l = param(params, limit);
        String o = param(params, offset);
        @SuppressWarnings("unchecked")
        List<Object> rows = bind(em.createNativeQuery("select e.publication_id from search_entry e where " + c.where()
                + " order by " + order.replace("publication_id", "e.publication_id") + " limit " + l + " offset " + o), params).getResultList();
        return rows.stream().map(SearchService::uuid).toList();
    }

    /** Facet counts over the matches, each multiplied by {@code scale} (1 when they are every match). */
    private static Map<String, List<SearchResult.FacetCount>> facets(List<Match> matches, double scale) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        FACETS.forEach(f -> counts.put(f, new HashMap<>()));
        for (Match m : matches) {
            counts.get("format").merge(m.format(), 1L, Long::sum);
            counts.get("language").merge(m.language(), 1L, Long::sum);
            if (m.audience() != null) {
                counts.get("audience").merge(m.audience(), 1L, Long::sum);
            }
            m.subjects().forEach(s -> counts.get("subject").merge(s, 1L, Long::sum));
            if (m.available()) {
                counts.get("available").merge("true", 1L, Long::sum);
            }
        }
        Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
        counts.forEach((facet, values) -> facets.put(facet, values.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit("subject".equals(facet) ? 20 : Long.MAX_VALUE)
                .map(e -> new SearchResult.FacetCount(e.getKey(), scale == 1 ? e.getValue() : Math.max(1, roughly(e.getValue() * scale))))
                .toList()));
        return facets;
    }

    /** A count to two significant digits, as an estimate is shown. */
    static long roughly(double n) {
        if (n < 100) {
            return Math.round(n);
        }
        double unit = Math.pow(10, Math.floor(Math.log10(n)) - 1);
        return Math.round(Math.round(n / unit) * unit);
    }

    /** PostgreSQL orders uuids by their bytes, unsigned. */
    private static int uuidOrder(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static List<String> textArray(String pgArray) {
        if (pgArray == null || pgArray.length() <= 2) {
            return List.of();
        }
        // {a,"b c","d \"e\""}: elements are quoted when they hold spaces, commas, quotes or braces
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 1; i < pgArray.length() - 1; i++) {
            char ch = pgArray.charAt(i);
            if (ch == '\\' && quoted) {
                current.append(pgArray.charAt(++i));
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        values.add(current.toString());
        return values;
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    private static LocalDate date(Object value) {
        return value == null ? null : value instanceof LocalDate d ? d : value instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(value.toString());
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i : value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof java.sql.Timestamp t ? t.toInstant() : Instant.parse(value.toString());
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
