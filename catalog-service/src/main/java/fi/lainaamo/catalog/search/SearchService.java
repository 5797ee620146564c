package fi.lainaamo.catalog.search;

import fi.lainaamo.catalog.publications.LanguageCodes;
import fi.lainaamo.catalog.publications.PublicationService;
import fi.lainaamo.catalog.publications.PublicationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * because a patron's query does not say its language. When the words find nothing, the last word is tried as the
 * beginning of a word (search as you type), and then titles and names by trigram similarity (typos). Filter values
 * are lexemes of the same text index, so one index lookup answers words and filters together.
 *
 * <p>The work of one search is bounded however many publications match. Ids are hashes (name-based or random
 * UUIDs), so a fixed slice of the id space is a uniform random sample of the catalogue, and the text index also
 * exists for slices of 1/8192, 1/1024, 1/128 and 1/16 of it. The matches are counted in the smallest slice expected
 * to hold {@link #SAMPLE} of them; if it does, the total and the facet counts are that slice's scaled up (to two
 * significant digits, flagged as estimates), otherwise the next slice is tried and at last the whole catalogue, where
 * counts are exact. Counted exactly, the page comes from the same statement (every match is at hand there, and a
 * page by rank needs them all); over an estimate it is read in the requested order: through the index of that order
 * when the matches are dense enough to find a page quickly that way, otherwise from the text index and sorted. Relevance is the text
 * rank (title and names weigh most) when the matches were counted exactly; over an estimated number of matches it is
 * matches in titles and names first, then the others, each most borrowed and then newest first.
 */
@ApplicationScoped
public class SearchService {

    /** Matches a slice must hold for its counts to stand for the whole catalogue. */
    static final int SAMPLE = 200;
    /** The slices with their own text index: their sample_slice level and the share of the id space they are. */
    private static final List<Slice> SLICES = List.of(new Slice(4, 8192), new Slice(3, 1024), new Slice(2, 128), new Slice(1, 16));

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** A filter value's lexeme: letters only, so it is safe to write into a statement. */
    private static final Pattern LEXEME = Pattern.compile("zz[a-z]+");
    /** About how many entries there are now: the planner's own estimate from the statistics and the table's size (counted before any statistics). */
    private static final String ENTRIES = "(select case when c.relpages > 0 then c.reltuples / c.relpages"
            + " * (pg_relation_size(c.oid) / current_setting('block_size')::int) else (select count(*) from search_entry) end"
            + " from pg_class c where c.oid = cast('search_entry' as regclass))";
    private static final String POPULAR = "times_borrowed desc, published desc nulls last, created_at desc, publication_id";
    private static final String NEWEST = "published desc nulls last, created_at desc, publication_id";

    @Inject
    EntityManager em;

    @Inject
    PublicationService publications;

    /** A search's result and its page's publications. */
    public record Found(SearchResult result, List<PublicationView> items) {
    }

    private record Slice(int level, int parts) {
    }

    /** How a query's words are matched; each is tried when the one before it finds nothing. */
    private enum Mode {
        WORDS, PREFIX, SIMILAR
    }

    /**
     * A search's condition on search_entry e (and of it, the words' condition alone), its text rank, the condition of
     * matching in titles and names, and the parameters they bind (:p1, :p2...).
     */
    private record Criteria(String where, String words, String rank, String inTitle, List<Object> params) {
    }

    /**
     * The number of matches (of them in titles and names) and the facet counts, exact or estimated; {@code counted} is
     * how many were seen.
     */
    private record Counts(long total, long inTitle, Map<String, List<SearchResult.FacetCount>> facets, boolean estimated, long counted,
                          List<UUID> page) {
    }

    /**
     * The page a count over the whole catalogue reads along with the counts, from the same matches: its order and how
     * many ids (offset + limit + 1).
     */
    private record PageOrder(String order, int need) {
    }

    /**
     * Searches and reads the page's publications in one transaction: one connection and one commit per search rather
     * than two (issue 14: the interceptors' own work around the service's calls, the two transactions' begin and end
     * among it, was a fifth of a search's CPU samples in the service).
     */
    @Transactional
    public Found find(SearchQuery query) {
        SearchResult result = search(query);
        return new Found(result, publications.views(result.ids()));
    }

    @Transactional
    public SearchResult search(SearchQuery query) {
        // one round trip: how many entries there are, the words parsed (when there are words), and the plan settings
        Object[] start = (Object[]) em.createNativeQuery("select " + ENTRIES + ", cast(q as text), cast(lainaamo_title_tsquery(q) as text),"
                        + " set_config('enable_bitmapscan', 'on', true), set_config('enable_indexscan', 'off', true),"
                        + " set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
                        + " from (select case when ?1 = '' then null else lainaamo_tsquery(?1, '') end as q) x")
                .setParameter(1, query.hasWords() ? query.q().trim() : "").getSingleResult();
        long entries = ((Number) start[0]).longValue();
        Plan plan = new Plan();
        int need = query.offset() + query.limit() + 1;
        PageOrder exact = new PageOrder(order(query), need);
        Criteria criteria = criteria(query, Mode.WORDS, new Object[]{start[1], start[2]});
        Counts counts = count(criteria, entries, exact);
        // without filters, no match was counted over the whole catalogue: the words are known to match nothing
        boolean filtered = !criteria.where().equals("true and " + criteria.words());
        if (counts.total() == 0 && query.hasWords() && !(filtered && known(criteria, entries))) {
            criteria = criteria(query, Mode.PREFIX, null);
            counts = count(criteria, entries, exact);
            if (counts.total() == 0) {
                criteria = criteria(query, Mode.SIMILAR, null);
                counts = count(criteria, entries, exact);
            }
        }
        // counted exactly, the count read the page too (every match was at hand): no second pass over them
        List<UUID> ordered = counts.total() == 0 ? List.of() : counts.page() != null ? counts.page() : page(query, criteria, counts, entries, need, plan);
        int from = Math.min(query.offset(), ordered.size());
        int to = Math.min(query.offset() + query.limit(), ordered.size());
        return new SearchResult(List.copyOf(ordered.subList(from, to)), counts.total(), counts.facets(),
                ordered.size() > query.offset() + query.limit(), counts.estimated());
    }

    /** Refreshes the planner's statistics of the search entries, after the catalogue grew a lot at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshStatistics() {
        em.createNativeQuery("analyze search_entry").executeUpdate();
    }

    /** The conditions of a search; {@code parsed} is the words' query and title query when already parsed. */
    private Criteria criteria(SearchQuery query, Mode mode, Object[] parsed) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        String rank = "0";
        String inTitle = "false";
        String words = "true";
        List<String> tokens = new ArrayList<>();
        if (query.hasWords()) {
            String q = query.q().trim();
            String folded = NOT_WORD.matcher(q.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
            if (mode == Mode.SIMILAR) {
                String np = param(params, (String) em.createNativeQuery("select lainaamo_fold(?1)").setParameter(1, folded).getSingleResult());
                words = np + " <% e.names";
                rank = "word_similarity(" + np + ", e.names)";
                inTitle = "true";
            } else {
                int last = folded.lastIndexOf(' ');
                String leading = mode == Mode.WORDS ? q : last < 0 ? "" : folded.substring(0, last);
                String prefix = mode == Mode.WORDS ? "" : folded.substring(last + 1);
                // parsed once here: a statement planned for any value would parse them again for every row
                if (parsed == null) {
                    parsed = (Object[]) em.createNativeQuery("select cast(q as text), cast(lainaamo_title_tsquery(q) as text)"
                            + " from (select lainaamo_tsquery(?1, ?2) as q) x").setParameter(1, leading).setParameter(2, prefix).getSingleResult();
                }
                if (parsed[0] == null) {
                    words = "false"; // no word to look for
                } else {
                    String tsq = "cast(" + param(params, parsed[0]) + " as tsquery)";
                    words = "e.document @@ " + tsq;
                    rank = "ts_rank_cd(e.document, " + tsq + ")";
                    inTitle = "e.document @@ cast(" + param(params, parsed[1]) + " as tsquery)";
                }
            }
        }
        where.append(" and ").append(words);
        if (query.format() != null) {
            tokens.add("zzfmt" + query.format().toLowerCase(Locale.ROOT));
        }
        if ("other".equals(query.language())) {
            tokens.add("zzlangother"); // the OPDS "other languages" group
        } else if (query.language() != null) {
            // a code no language has matches nothing (rather than the publications of undetermined language)
            String language = query.language().trim().toLowerCase(Locale.ROOT);
            tokens.add("zzlang" + (language.length() == 3 ? LanguageCodes.iso639B(language).orElse(language) : LanguageCodes.toIso639B(language)));
        }
        if (query.audience() != null) {
            tokens.add("zzaud" + query.audience().toLowerCase(Locale.ROOT));
        }
        for (String need : query.accessibility()) {
            tokens.add("zzacc" + need.replace("-", ""));
        }
        if (Boolean.TRUE.equals(query.available())) {
            tokens.add("zzavailable");
        } else if (Boolean.FALSE.equals(query.available())) {
            where.append(" and not e.available_now");
        }
        // one condition per value, so the index can skip through each value's long list
        for (String token : tokens) {
            // letters only (so safe to write into the statement): a value with anything else matches nothing
            String lexeme = LEXEME.matcher(token).matches() ? token : "zznothing";
            where.append(" and e.document @@ to_tsquery('simple', '").append(lexeme).append("')");
        }
        if (tokens.isEmpty() && !query.hasWords()) {
            // everything: every entry has one of the two formats
            where.append(" and e.document @@ to_tsquery('simple', 'zzfmtebook | zzfmtaudiobook')");
        }
        if (query.subject() != null) {
            where.append(" and e.subject_terms @> array[cast(").append(param(params, query.subject())).append(" as text)]");
        }
        return new Criteria(where.toString(), words, rank, inTitle, params);
    }

    /**
     * The counts from the smallest slice expected to hold SAMPLE matches that does, else exact over everything. A slice
     * is skipped when the one before it holds too few for it to reach SAMPLE (eight times as many, expected).
     */
    private Counts count(Criteria c, long entries, PageOrder exact) {
        double expected = Double.MAX_VALUE; // matches expected per entry, unknown at first
        for (Slice slice : SLICES) {
            double size = entries / (double) slice.parts();
            if (size < SAMPLE || (expected != Double.MAX_VALUE && expected * size < SAMPLE)) {
                continue; // cannot hold enough, or is not expected to
            }
            Counts inSlice = aggregate(c, sliced(slice), slice.parts(), null);
            if (inSlice.counted() >= SAMPLE) {
                return inSlice;
            }
            // an upper guess: as if one more had matched
            expected = (inSlice.counted() + 1) / size;
        }
        return aggregate(c, "", 1, exact);
    }

    private static String sliced(Slice slice) {
        return " and e.sample_slice >= " + slice.level();
    }

    /**
     * Whether the words match anything when no filter applies: if they do, a filtered search that found nothing has
     * its answer (nothing) and needs no prefix or similarity search.
     */
    private boolean known(Criteria filtered, long entries) {
        // words common enough to be costly to look up everywhere are found in the largest slice first
        Slice largest = SLICES.get(SLICES.size() - 1);
        if (entries / largest.parts() >= SAMPLE && !query("select 1 from search_entry e where "
                + filtered.words() + sliced(largest) + " limit 1", filtered.params()).getResultList().isEmpty()) {
            return true;
        }
        return !query("select 1 from search_entry e where " + filtered.words() + " limit 1", filtered.params()).getResultList().isEmpty();
    }

    /**
     * Counts the matches (in a slice, scaled to the whole when parts > 1) by format, language, audience, subject, free
     * copy and accessibility; with {@code page}, also the first ids of the matches in its order (the page of an exact count).
     */
    private Counts aggregate(Criteria c, String slice, int parts, PageOrder page) {
        List<Object> params = new ArrayList<>(c.params());
        String ordered = "";
        String pageRows = "";
        if (page != null) {
            // the columns the orders use, and the rank when the order is by it; numbered by a window over the few rows kept
            ordered = ", e.publication_id, e.sort_title, e.times_borrowed, e.published, e.created_at"
                    + (page.order().startsWith("rank") ? ", " + c.rank() + " as rank" : "");
            pageRows = " union all select 'page', cast(publication_id as text), row_number() over (order by " + page.order() + ")"
                    + " from (select * from m order by " + page.order() + " limit " + param(params, page.need()) + ") p";
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query("with m as materialized (select e.format, e.language, e.audience,"
                + " e.available_now, e.subject_terms, e.accessibility, " + c.inTitle() + " as in_title" + ordered
                + " from search_entry e where " + c.where() + slice + ") "
                + "select 'total', null, count(*) from m "
                + "union all select 'title', null, count(*) from m where in_title "
                + "union all select 'format', format, count(*) from m group by format "
                + "union all select 'language', language, count(*) from m group by language "
                + "union all select 'audience', audience, count(*) from m where audience is not null group by audience "
                + "union all select 'available', 'true', count(*) from m where available_now "
                + "union all select 'accessibility', a, count(*) from m, unnest(accessibility) a group by a "
                + "union all (select 'subject', s, count(*) from m, unnest(subject_terms) s group by s order by count(*) desc, s limit 20)"
                + pageRows, params).getResultList();
        long total = 0;
        long inTitle = 0;
        long counted = 0;
        Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
        for (String facet : List.of("format", "language", "audience", "subject", "available", "accessibility")) {
            facets.put(facet, new ArrayList<>());
        }
        UUID[] pageIds = page == null ? null : new UUID[rows.size()];
        int onPage = 0;
        for (Object[] r : rows) {
            long count = ((Number) r[2]).longValue();
            if ("page".equals(r[0])) {
                pageIds[(int) count - 1] = UUID.fromString((String) r[1]);
                onPage++;
                continue;
            }
            long scaled = parts == 1 ? count : roughly(count * (double) parts);
            if ("total".equals(r[0])) {
                total = scaled;
                counted = count;
            } else if ("title".equals(r[0])) {
                inTitle = scaled;
            } else {
                facets.get((String) r[0]).add(new SearchResult.FacetCount((String) r[1], scaled));
            }
        }
        facets.values().forEach(list -> list.sort(Comparator.comparingLong(SearchResult.FacetCount::count).reversed()
                .thenComparing(SearchResult.FacetCount::value)));
        return new Counts(total, inTitle, facets, parts > 1, counted, page == null ? null : List.copyOf(Arrays.asList(pageIds).subList(0, onPage)));
    }

    /** The requested order; by relevance, the text rank (similarity for typos) first when there are words (an estimate ranks otherwise, see {@link #page}). */
    private static String order(SearchQuery query) {
        return switch (query.sort()) {
            case TITLE -> "sort_title, publication_id";
            case NEWEST -> NEWEST;
            case MOST_BORROWED -> POPULAR;
            case RELEVANCE -> query.hasWords() ? "rank desc, " + POPULAR : NEWEST;
        };
    }

    /**
     * The ids at [0, need) in the requested order when the matches were estimated (an exact count read its page
     * itself). Through the index of that order (skipping what does not match) when the matches are dense enough that
     * this reads fewer rows than all the matches; else from the text index.
     */
    private List<UUID> page(SearchQuery query, Criteria c, Counts counts, long entries, int need, Plan plan) {
        if (query.sort() != SearchQuery.Sort.RELEVANCE || !query.hasWords()) {
            return ids(c, "", order(query), need, counts.total(), entries, plan);
        }
        // matches in titles and names first, then the rest
        List<UUID> ids = new ArrayList<>(ids(c, " and " + c.inTitle(), POPULAR, need, counts.inTitle(), entries, plan));
        if (ids.size() < need) {
            ids.addAll(ids(c, " and not (" + c.inTitle() + ")", POPULAR, need - ids.size(), counts.total() - counts.inTitle(), entries, plan));
        }
        return ids;
    }

    /**
     * The first {@code limit} matches (with the extra condition) in the given order. {@code expected} is the estimated
     * number of such matches (-1: few enough to read them all): it decides whether an ordered index finds them sooner.
     */
    private List<UUID> ids(Criteria c, String extra, String order, int limit, long expected, long entries, Plan plan) {
        double density = expected <= 0 ? 0 : expected / (double) Math.max(entries, expected);
        plan.use(density > 0 && limit / density < expected);
        List<Object> params = new ArrayList<>(c.params());
        String l = param(params, limit);
        @SuppressWarnings("unchecked")
        List<Object> rows = query("select e.publication_id from (select e.*, " + c.rank() + " as rank from search_entry e where "
                + c.where() + extra + ") e order by " + order + " limit " + l, params).getResultList();
        return rows.stream().map(SearchService::uuid).toList();
    }

    /**
     * How PostgreSQL is told to read the matches, since its estimates for text queries combined with filters can be far
     * off: through the text index (bitmap) and sorted, as a search starts, or through an ordered index. Never with a
     * sequential scan, and alone: on two cores, starting parallel workers costs more than a bounded search gains.
     */
    private final class Plan {
        private boolean byOrderedIndex;

        void use(boolean ordered) {
            if (ordered != byOrderedIndex) {
                em.createNativeQuery("select set_config('enable_bitmapscan', ?1, true), set_config('enable_indexscan', ?2, true)")
                        .setParameter(1, ordered ? "off" : "on").setParameter(2, ordered ? "on" : "off").getSingleResult();
                byOrderedIndex = ordered;
            }
        }
    }

    /** A count to two significant digits, as an estimate is shown. */
    static long roughly(double n) {
        if (n < 100) {
            return Math.round(n);
        }
        double unit = Math.pow(10, Math.floor(Math.log10(n)) - 1);
        return Math.round(Math.round(n / unit) * unit);
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    /** Adds a parameter and answers its name in the statement (:p1, :p2...). */
    private static String param(List<Object> params, Object value) {
        params.add(value);
        return ":p" + params.size();
    }

    /** A native query with those of the parameters bound that it names (:p1, :p2...). */
    private Query query(String sql, List<Object> params) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < params.size(); i++) {
            if (names(sql, ":p" + (i + 1))) {
                query.setParameter("p" + (i + 1), params.get(i));
            }
        }
        return query;
    }

    /** Whether the statement uses the parameter (":p1" but not as the start of ":p12"). */
    private static boolean names(String sql, String parameter) {
        for (int at = sql.indexOf(parameter); at >= 0; at = sql.indexOf(parameter, at + 1)) {
            int end = at + parameter.length();
            if (end == sql.length() || !Character.isDigit(sql.charAt(end))) {
                return true;
            }
        }
        return false;
    }
}
