package fi.lainaamo.catalog.bench;

import fi.lainaamo.catalog.search.SearchQuery;
import fi.lainaamo.catalog.search.SearchService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Search benchmark: builds a catalogue of N generated publications in the test database (SQL, so the index trigger
 * runs for each row as in production) and measures a keyword query with two facets (format + language) through
 * {@link SearchService}, including the facet counts. Prints p50/p95; asserts nothing about time. Off unless asked:
 *
 * <pre>./mvnw -B -f catalog-service/pom.xml verify -Dtest=SearchBench -Dlainaamo.bench.search=1000000</pre>
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

    @Test
    void keywordWithTwoFacets() {
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
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("analyze publication").executeUpdate());
            System.out.printf("search bench: built %d publications in %.1f s%n", wanted - have, (System.nanoTime() - started) / 1e9);
        }

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

    /** The words as an SQL array literal (constants of this class, no input). */
    private static String wordsArray() {
        return "'{" + String.join(",", WORDS) + "}'";
    }

    private static SearchQuery query(Random random) {
        return new SearchQuery(WORDS[random.nextInt(WORDS.length)], random.nextBoolean() ? "EBOOK" : "AUDIOBOOK",
                random.nextBoolean() ? "fin" : "swe", null, null, null, null, SearchQuery.Sort.RELEVANCE, 20, 0);
    }
}
