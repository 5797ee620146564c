package fi.lainaamo.catalog.search;

import fi.lainaamo.catalog.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Searches broad enough for {@link SearchService} to count them in a slice of the id space: 5,000 publications share
 * one made-up word (a quarter of them audiobooks, a fifth with a free copy), so the 1/16 slice holds about 312 of them.
 * Totals and facet counts become estimates (flagged), checked within margins four to five standard errors wide; pages
 * still come in the exact order of every match, without repeats, whichever way the page is read.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyMatchesSearchTest {

    static final int MATCHES = 5000;

    @Inject
    EntityManager em;

    String word;

    @BeforeAll
    void catalogue() {
        word = TestData.newWord();
        // through SQL, as the trigger indexes every row the same way whichever way it arrives
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    insert into publication (id, title, sort_title, format, language, audience, publisher, description,
                                             published, created_at, updated_at, subject_terms)
                    select gen_random_uuid(), 'Otsikko ' || i || ' ' || ?1, 'otsikko ' || lpad(i::text, 5, '0'),
                           case when i % 4 = 0 then 'AUDIOBOOK' else 'EBOOK' end, 'fin', 'ADULT', 'many-matches',
                           case when i % 10 = 0 then 'Kuvaus ' || ?1 || ' ' || ?1 else 'Kuvaus' end,
                           date '2000-01-01' + i, now(), now(), '{}'
                    from generate_series(1, ?2) i""").setParameter(1, word).setParameter(2, MATCHES).executeUpdate();
            // and ten newer ones with the word only in their description
            em.createNativeQuery("""
                    insert into publication (id, title, sort_title, format, language, audience, publisher, description,
                                             published, created_at, updated_at, subject_terms)
                    select gen_random_uuid(), 'Muu ' || i, 'muu ' || i, 'EBOOK', 'fin', 'ADULT', 'many-matches',
                           'Kuvaus ' || ?1, date '2030-01-01' + i, now(), now(), '{}'
                    from generate_series(1, 10) i""").setParameter(1, word).executeUpdate();
            // a free copy for every fifth (the availability read model's row, as an availability-changed event writes it)
            em.createNativeQuery("""
                    insert into publication_availability (publication_id, copies_total, copies_available, version, updated_at)
                    select id, 1, 1, 1, now() from publication
                    where publisher = 'many-matches' and title like ?1 and split_part(title, ' ', 2)::int % 5 = 0""")
                    .setParameter(1, "% " + word).executeUpdate();
        });
        // as an import does after a batch (autovacuum would, a little later)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("analyze search_entry").executeUpdate());
    }

    @Test
    void totalAndFacetsAreFlaggedEstimatesCloseToTheTruth() {
        var page = given().get("/v1/search?q=" + word).then().statusCode(200).body("totalEstimated", equalTo(true)).extract();
        int total = page.path("total");
        assertTrue(total >= 3500 && total <= 6500, "estimated total " + total + " of " + MATCHES);
        int audio = page.path("facets.format.find { it.value == 'AUDIOBOOK' }.count");
        assertTrue(audio >= 625 && audio <= 1875, "estimated audiobooks " + audio + " of 1250");
        int free = page.path("facets.available[0].count");
        assertTrue(free >= 500 && free <= 1500, "estimated with a free copy " + free + " of 1000");
    }

    @Test
    void narrowedBelowTheSampleEverythingIsExactAgain() {
        // audiobooks with a free copy: i divisible by 4 and 5, 250 of them, about 16 in the slice: counted everywhere
        given().get("/v1/search?q=" + word + "&format=AUDIOBOOK&available=true").then().statusCode(200)
                .body("totalEstimated", equalTo(false)).body("total", equalTo(250))
                .body("facets.format[0].count", equalTo(250));
    }

    @Test
    void pagesOfEveryOrderHoldTheRightMatchesOnce() {
        // by title and by date: exactly the order of all 1,000, read through the indexes
        assertEquals(titles(false, "order by sort_title", 250), firstTitles("title", 250));
        assertEquals(titles(false, "order by published desc", 250), firstTitles("newest", 250));
        // relevance: matches in the title first (newest first, as none was borrowed), though the ten with the word in
        // their description only are newer still; no repeats across pages
        List<String> relevance = firstTitles("relevance", 300);
        assertEquals(300, new HashSet<>(relevance).size());
        assertEquals(titles(true, "order by published desc", 300), relevance);
    }

    private List<String> firstTitles(String sort, int n) {
        List<String> titles = new ArrayList<>();
        String next = "/v1/search?q=" + word + "&sort=" + sort + "&limit=100";
        while (next != null && titles.size() < n) {
            var page = given().get(next).then().statusCode(200).extract();
            titles.addAll(page.path("items.title"));
            next = page.path("next");
        }
        return titles.subList(0, n);
    }

    @SuppressWarnings("unchecked")
    private List<String> titles(boolean onlyInTitle, String order, int n) {
        // the publications with the word in their title (and in their description only)
        String sql = "select title from publication where publisher = 'many-matches' and (title like ?1"
                + (onlyInTitle ? "" : " or description like ?2") + ") " + order + " limit " + n;
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql).setParameter(1, "% " + word);
            return onlyInTitle ? query.getResultList() : query.setParameter(2, "% " + word + "%").getResultList();
        });
    }
}
