package fi.lainaamo.catalog.bench;

import fi.lainaamo.catalog.search.SearchQuery;
import fi.lainaamo.catalog.search.SearchService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Search benchmark: builds a catalogue of N generated publications in the test database (SQL, so the index trigger
 * runs for each row as in production) and measures a keyword query with two facets (format + language) through
 * {@link SearchService}, including the facet counts ({@code keywordWithTwoFacets}), and keyword, keyword + 2 facets,
 * prefix and typo queries through the HTTP endpoint with 1 and 8 clients ({@code http}, issue 14). Prints
 * percentiles; asserts nothing about time. Off unless asked:
 *
 * <pre>./mvnw -B -f catalog-service/pom.xml verify -Dtest=SearchBench -Dlainaamo.bench.search=1000000
 * ./mvnw -q -o -pl catalog-service -am verify -Dtest='SearchBench#http' -Dsurefire.failIfNoSpecifiedTests=false -Dapi-lint.skip -Dlainaamo.bench.search=100000</pre>
 *
 * Rows it adds carry the publisher "bench"; a second run with the same or smaller N reuses them.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "lainaamo.bench.search", matches = "\\d+")
class SearchBench {

    static final String[] WORDS = {"kirjasto", "meri", "talvi", "kesä", "sota", "rakkaus", "metsä", "kaupunki", "huvila",
            "salaisuus", "yö", "saari", "tyttö", "poika", "susi", "lintu", "joki", "kivi", "tuuli", "valo", "havet", "skogen",
            "kärlek", "staden", "river", "stone", "night", "island", "wolf", "light"};

    @Inject
    SearchService search;

    @Inject
    EntityManager em;

    @TestHTTPResource("/")
    URI base;

    @Test
    void keywordWithTwoFacets() {
        int wanted = catalogue();
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) { // warm-up
            search.search(query(random));
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            SearchQuery q = query(random);
            long t = System.nanoTime();
            search.search(q);
            millis.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("search bench: %d publications, keyword + format + language, limit 20 with facet counts: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                wanted, millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.95)), millis.get(millis.size() - 1));
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of the statements a typo and a prefix query fall through to (as {@link SearchService}
     * writes them, with its plan settings): the counts over the 1/16 slice and over the whole catalogue, and the page.
     */
    @Test
    void explain() {
        catalogue();
        String agg = "explain (analyze, buffers, costs off) with m as materialized (select e.format, e.language, e.audience, e.available_now, e.subject_terms, e.accessibility, %s as in_title"
                + " from search_entry e where %s) select 'total', null, count(*) from m union all select 'title', null, count(*) from m where in_title"
                + " union all select 'format', format, count(*) from m group by format union all select 'language', language, count(*) from m group by language"
                + " union all select 'audience', audience, count(*) from m where audience is not null group by audience union all select 'available', 'true', count(*) from m where available_now"
                + " union all select 'accessibility', a, count(*) from m, unnest(accessibility) a group by a"
                + " union all (select 'subject', s, count(*) from m, unnest(subject_terms) s group by s order by count(*) desc, s limit 20)";
        String page = "explain (analyze, buffers, costs off) select e.publication_id from (select e.*, %s as rank from search_entry e where %s) e"
                + " order by rank desc, times_borrowed desc, published desc nulls last, created_at desc, publication_id limit 21";
        for (String typo : List.of("kirjsto", "salaisus", "kaupnki")) {
            String words = "lainaamo_fold('" + typo + "') <% e.names";
            String rank = "word_similarity(lainaamo_fold('" + typo + "'), e.names)";
            explain("typo " + typo + ", 1/16 slice counts", agg.formatted("true", words + " and e.sample_slice >= 1"));
            explain("typo " + typo + ", whole-catalogue counts", agg.formatted("true", words));
            explain("typo " + typo + ", page", page.formatted(rank, words));
            // the whole-catalogue count as it is now written: the page read from the same matches (issue 14)
            String order = "rank desc, times_borrowed desc, published desc nulls last, created_at desc, publication_id";
            explain("typo " + typo + ", whole-catalogue counts with the page", agg.replace("as in_title from", "as in_title, e.publication_id, e.sort_title,"
                    + " e.times_borrowed, e.published, e.created_at, %s as rank from").formatted("true", rank, words)
                    + " union all select 'page', cast(publication_id as text), row_number() over (order by " + order + ")"
                    + " from (select * from m order by " + order + " limit 21) p");
        }
        // a keyword with two facets whose 1/16 slice holds too few: counted exactly, the page by text rank
        String kwTsq = "cast(cast(lainaamo_tsquery('kirjasto', '') as text) as tsquery)";
        String kwWhere = "e.document @@ " + kwTsq + " and e.document @@ to_tsquery('simple', 'zzfmtebook') and e.document @@ to_tsquery('simple', 'zzlangfin')";
        String kwOrder = "rank desc, times_borrowed desc, published desc nulls last, created_at desc, publication_id";
        String kwInTitle = "e.document @@ lainaamo_title_tsquery(" + kwTsq + ")";
        explain("kirjasto + EBOOK + fin, 1/16 slice counts", agg.formatted(kwInTitle, kwWhere + " and e.sample_slice >= 1"));
        explain("kirjasto + EBOOK + fin, whole-catalogue counts (before)", agg.formatted(kwInTitle, kwWhere));
        explain("kirjasto + EBOOK + fin, page (before)", page.formatted("ts_rank_cd(e.document, " + kwTsq + ")", kwWhere));
        explain("kirjasto + EBOOK + fin, whole-catalogue counts with the page (after)", agg.replace("as in_title from", "as in_title, e.publication_id, e.sort_title,"
                + " e.times_borrowed, e.published, e.created_at, %s as rank from").formatted(kwInTitle, "ts_rank_cd(e.document, " + kwTsq + ")", kwWhere)
                + " union all select 'page', cast(publication_id as text), row_number() over (order by " + kwOrder + ")"
                + " from (select * from m order by " + kwOrder + " limit 21) p");
        // the page's publications under the search's plan settings (one transaction since issue 14)
        explain("the page's publications (PublicationViews)", "explain (analyze, buffers, costs off) select p.*, a.*, h.holds_waiting"
                + " from unnest(array(select id from publication order by id limit 20)) with ordinality as wanted (id, n) join publication p on p.id = wanted.id"
                + " left join publication_availability a on a.publication_id = p.id left join publication_holds h on h.publication_id = p.id order by wanted.n");
        for (String prefix : List.of("kau", "sal", "kaup")) {
            String tsq = "lainaamo_tsquery('', '" + prefix + "')";
            String words = "e.document @@ " + tsq;
            explain("prefix " + prefix + ", 1/16 slice counts", agg.formatted("e.document @@ lainaamo_title_tsquery(" + tsq + ")", words + " and e.sample_slice >= 1"));
            explain("prefix " + prefix + ", whole-catalogue counts", agg.formatted("e.document @@ lainaamo_title_tsquery(" + tsq + ")", words));
        }
    }

    private void explain(String what, String sql) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("select set_config('enable_bitmapscan', 'on', true), set_config('enable_indexscan', 'off', true),"
                    + " set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)").getSingleResult();
            @SuppressWarnings("unchecked")
            List<Object> plan = em.createNativeQuery(sql).getResultList();
            System.out.println("search bench explain: " + what);
            plan.forEach(line -> System.out.println("    " + line));
        });
    }

    /** The queries of one kind the HTTP bench runs (path and query string of /v1/search). */
    private record Kind(String name, List<String> queries) {
    }

    /**
     * Through the real HTTP endpoint (JSON page of 20 with its availability and facets), as patrons' apps call it: per
     * kind (keyword, keyword + format + language, prefix, typo) with 1 and then 8 client threads, each thread sending
     * its next query as soon as the last was answered (closed model), each starting at its own place in the list.
     * A warm-up round of every kind first (the JIT and the connection pool), then {@code lainaamo.bench.search.rounds}
     * measured rounds (3 unless set); prints p50/p95/p99 per kind and client count and each round's figures.
     */
    @Test
    void http() throws Exception {
        int wanted = catalogue();
        int rounds = Integer.getInteger("lainaamo.bench.search.rounds", 3);
        int perClient = Integer.getInteger("lainaamo.bench.search.queries", 60);
        List<Kind> kinds = kinds();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Kind kind : kinds) {
            run(client, kind, 8, perClient / 2); // warm-up, not reported
        }
        Map<String, List<double[]>> figures = new java.util.LinkedHashMap<>();
        long postmaster = postmaster();
        for (int round = 1; round <= rounds; round++) {
            for (int clients : new int[]{1, 8}) {
                for (Kind kind : kinds) {
                    long jvm0 = jvmCpuNanos();
                    long pg0 = postgresCpuTicks(postmaster);
                    Histogram h = run(client, kind, clients, clients == 1 ? perClient * 2 : perClient);
                    // CPU per query (this JVM: the service and the bench's client; PostgreSQL: its backends), steadier than latency on a shared machine
                    double jvm = (jvmCpuNanos() - jvm0) / 1e6 / h.getTotalCount();
                    double pg = (postgresCpuTicks(postmaster) - pg0) * 10.0 / h.getTotalCount();
                    double[] p = {h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                            h.getTotalCount(), jvm, pg};
                    figures.computeIfAbsent(kind.name() + " | " + clients, k -> new ArrayList<>()).add(p);
                    System.out.printf("search bench http, round %d: %-22s %d client(s): n %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, CPU/query JVM %.2f ms, PostgreSQL %.2f ms%n",
                            round, kind.name(), clients, (long) p[3], p[0], p[1], p[2], p[4], p[5]);
                }
            }
        }
        System.out.printf("search bench http: %d publications, medians of %d rounds (ms)%n", wanted, rounds);
        System.out.println("| kind | clients | p50 | p95 | p99 | CPU/query JVM | CPU/query PostgreSQL |");
        System.out.println("|---|---|---|---|---|---|---|");
        figures.forEach((key, list) -> {
            String[] k = key.split(" \\| ");
            System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f |%n", k[0], k[1], median(list, 0), median(list, 1), median(list, 2),
                    median(list, 4), median(list, 5));
        });
    }

    /** Runs {@code each} queries of the kind on each of {@code clients} threads; the latencies in microseconds. */
    private Histogram run(HttpClient client, Kind kind, int clients, int each) throws Exception {
        Histogram all = new Histogram(60_000_000L, 3);
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Histogram>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int start = c * kind.queries().size() / clients;
                done.add(threads.submit(() -> {
                    Histogram h = new Histogram(60_000_000L, 3);
                    for (int i = 0; i < each; i++) {
                        String q = kind.queries().get((start + i) % kind.queries().size());
                        HttpRequest request = HttpRequest.newBuilder(base.resolve("v1/search?" + q)).header("Accept", "application/json").GET().build();
                        long t = System.nanoTime();
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long micros = (System.nanoTime() - t) / 1000;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(q + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
                        }
                        h.recordValue(Math.min(micros, 60_000_000L));
                    }
                    return h;
                }));
            }
            for (Future<Histogram> f : done) {
                all.add(f.get());
            }
        } finally {
            threads.shutdownNow();
        }
        return all;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The test database's postmaster: the parent of a backend (Linux /proc); 0 when it cannot be read. */
    private long postmaster() {
        long backend = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("select pg_backend_pid()").getSingleResult()).longValue());
        String[] stat = stat(Path.of("/proc", Long.toString(backend), "stat"));
        return stat == null ? 0 : Long.parseLong(stat[1]);
    }

    /** User + system CPU ticks (1/100 s) of the postmaster's children, the backends serving the service among them. */
    private static long postgresCpuTicks(long postmaster) {
        long ticks = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (postmaster != 0 && dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    String[] stat = stat(dir.resolve("stat"));
                    if (stat != null && Long.parseLong(stat[1]) == postmaster) {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /** /proc/PID/stat's fields after the command: [0] state, [1] ppid, ... [11] utime, [12] stime; null when gone. */
    private static String[] stat(Path file) {
        try {
            String line = Files.readString(file);
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static double median(List<double[]> rounds, int at) {
        double[] values = rounds.stream().mapToDouble(r -> r[at]).sorted().toArray();
        return values[values.length / 2];
    }

    /** keyword, keyword + format + language, prefix (the first 3 and 4 letters) and typo (a letter left out, changed or added) of the common words. */
    private static List<Kind> kinds() {
        List<String> keyword = new ArrayList<>();
        List<String> facets = new ArrayList<>();
        List<String> prefix = new ArrayList<>();
        List<String> typo = new ArrayList<>();
        String[] languages = {"fin", "swe"};
        String[] formats = {"EBOOK", "AUDIOBOOK"};
        int i = 0;
        for (String word : WORDS) {
            keyword.add("q=" + encode(word));
            facets.add("q=" + encode(word) + "&format=" + formats[i % 2] + "&language=" + languages[(i / 2) % 2]);
            if (word.length() >= 5) {
                prefix.add("q=" + encode(word.substring(0, 3)));
                prefix.add("q=" + encode(word.substring(0, 4)));
                int at = 1 + i % (word.length() - 2);
                typo.add("q=" + encode(word.substring(0, at) + word.substring(at + 1)));                 // left out
                typo.add("q=" + encode(word.substring(0, at) + 'x' + word.substring(at + 1)));           // changed
                typo.add("q=" + encode(word.substring(0, at) + word.charAt(at) + word.substring(at)));   // doubled
            }
            i++;
        }
        return List.of(new Kind("keyword", keyword), new Kind("keyword + 2 facets", facets), new Kind("prefix", prefix), new Kind("typo", typo));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Builds the catalogue up to N bench publications (a third with copies, some with holds) and answers N. */
    private int catalogue() {
        int wanted = Integer.getInteger("lainaamo.bench.search");
        long have = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from publication where publisher = 'bench'").getSingleResult()).longValue());
        long started = System.nanoTime();
        for (long from = have; from < wanted; from += 50_000) {
            long to = Math.min(wanted, from + 50_000);
            long first = from;
            QuarkusTransaction.requiringNew().timeout(3600).run(() -> em.createNativeQuery("""
                    insert into publication (id, title, sort_title, format, language, authors, contributors, subjects, subject_terms,
                                             audience, publisher, description, published, created_at, updated_at)
                    select gen_random_uuid(), t.title, lower(t.title),
                           case when i % 3 = 0 then 'AUDIOBOOK' else 'EBOOK' end,
                           (array['fin','fin','fin','swe','eng','ger'])[1 + i % 6],
                           array[t.author],
                           jsonb_build_array(jsonb_build_object('name', t.author, 'role', 'author')),
                           jsonb_build_array(jsonb_build_object('scheme', 'keyword', 'name', t.w2)),
                           array[t.w2],
                           (array['ADULT','TEEN','CHILDREN'])[1 + i % 3], 'bench',
                           'Kertomus, jossa ' || t.w1 || ' ja ' || t.w2 || ' kohtaavat.',
                           date '2000-01-01' + (i % 9000), now(), now()
                    from generate_series(cast(?1 as int), cast(?2 as int)) i,
                         lateral (select w[1 + (i * 7) % array_length(w, 1)] as w1, w[1 + (i * 13) % array_length(w, 1)] as w2,
                                         initcap(w[1 + (i * 7) % array_length(w, 1)]) || ' ' || w[1 + (i * 13) % array_length(w, 1)] || ' ' || i as title,
                                         'Kirjoittaja ' || (i % 5000) as author
                                  from (select cast(?3 as text[]) as w) words) t""".replace("?3", wordsArray()))
                    .setParameter(1, first + 1).setParameter(2, to).executeUpdate());
            System.out.printf("search bench: %d publications%n", to);
        }
        if (wanted > have) {
            QuarkusTransaction.requiringNew().timeout(3600).run(() -> {
                // copies for every third title (a quarter of them all lent) and a hold queue for every tenth, as licence and loan events would leave them
                em.createNativeQuery("""
                        insert into publication_availability (publication_id, copies_total, copies_available, seats_held_for_holds, version, updated_at)
                        select id, 1 + (hashtext(title) & 3), case when hashtext(title) & 12 = 0 then 0 else 1 end, 0, 1, now()
                        from publication where publisher = 'bench' and hashtext(title) % 3 = 0
                        on conflict do nothing""").executeUpdate();
                em.createNativeQuery("""
                        insert into publication_holds (publication_id, holds_waiting, version, updated_at)
                        select id, 1 + (hashtext(title) & 7), 1, now() from publication where publisher = 'bench' and hashtext(title) % 10 = 0
                        on conflict do nothing""").executeUpdate();
                em.createNativeQuery("analyze publication").executeUpdate();
                em.createNativeQuery("analyze search_entry").executeUpdate();
                em.createNativeQuery("analyze publication_availability").executeUpdate();
            });
            System.out.printf("search bench: built %d publications in %.1f s%n", wanted - have, (System.nanoTime() - started) / 1e9);
        }

        return wanted;
    }

    /** The words as an SQL array literal (constants of this class, no input). */
    private static String wordsArray() {
        return "'{" + String.join(",", WORDS) + "}'";
    }

    private static SearchQuery query(Random random) {
        return new SearchQuery(WORDS[random.nextInt(WORDS.length)], random.nextBoolean() ? "EBOOK" : "AUDIOBOOK",
                random.nextBoolean() ? "fin" : "swe", null, null, null, null, SearchQuery.Sort.RELEVANCE, 20, 0);
    }
}
