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
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Searches that match more than the sample {@link SearchService} counts exactly: 1,000 publications share one made-up
 * word (a quarter of them audiobooks, a fifth with a free copy). Totals and facet counts become estimates (flagged),
 * within a margin many standard errors wide; pages still come in the exact order of every match, without repeats.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyMatchesSearchTest {

    static final int MATCHES = 1000;

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
                    select gen_random_uuid(), 'Otsikko ' || i || ' ' || ?1, 'otsikko ' || lpad(i::text, 4, '0'),
                           case when i % 4 = 0 then 'AUDIOBOOK' else 'EBOOK' end, 'fin', 'ADULT', 'many-matches',
                           case when i % 10 = 0 then 'Kuvaus ' || ?1 || ' ' || ?1 else 'Kuvaus' end,
                           date '2000-01-01' + i, now(), now(), '{}'
                    from generate_series(1, ?2) i""").setParameter(1, word).setParameter(2, MATCHES).executeUpdate();
            // a free copy for every fifth (the availability read model's row, as an availability-changed event writes it)
            em.createNativeQuery("""
                    insert into publication_availability (publication_id, copies_total, copies_available, version, updated_at)
                    select id, 1, 1, 1, now() from publication
                    where publisher = 'many-matches' and title like ?1 and split_part(title, ' ', 2)::int % 5 = 0""")
                    .setParameter(1, "% " + word).executeUpdate();
        });
    }

    @Test
    void totalAndFacetsAreFlaggedEstimatesCloseToTheTruth() {
        var page = given().get("/v1/search?q=" + word).then().statusCode(200).body("totalEstimated", equalTo(true)).extract();
        int total = page.path("total");
        assertTrue(total >= 700 && total <= 1400, "estimated total " + total + " of " + MATCHES);
        int audio = page.path("facets.format.find { it.value == 'AUDIOBOOK' }.count");
        assertTrue(audio >= 125 && audio <= 375, "estimated audiobooks " + audio + " of 250");
        int free = page.path("facets.available[0].count");
        assertTrue(free >= 100 && free <= 300, "estimated with a free copy " + free + " of 200");
    }

    @Test
    void narrowedBelowTheSampleEverythingIsExactAgain() {
        // audiobooks with a free copy: i divisible by 4 and 5, 50 of them
        given().get("/v1/search?q=" + word + "&format=AUDIOBOOK&available=true").then().statusCode(200)
                .body("totalEstimated", equalTo(false)).body("total", equalTo(50))
                .body("facets.format[0].count", equalTo(50));
    }

    @Test
    void pagesOfEveryOrderHoldTheRightMatchesOnce() {
        // by title and by date: exactly the order of all 1,000, read through the indexes
        assertEquals(firstTitles("title", 250), titles("order by sort_title", 250));
        assertEquals(firstTitles("newest", 250), titles("order by published desc", 250));
        // relevance: the pool is ranked (the ten with the word thrice first), then the rest; no repeats across pages
        List<String> relevance = firstTitles("relevance", 300);
        assertEquals(300, new HashSet<>(relevance).size());
        Set<String> thrice = new HashSet<>(titles("and description like 'Kuvaus %' order by published desc", 10));
        assertEquals(thrice, new HashSet<>(relevance.subList(0, 10)));
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
    private List<String> titles(String orderAndMore, int n) {
        String sql = "select title from publication where publisher = 'many-matches' and title like ?1 "
                + (orderAndMore.startsWith("and") ? orderAndMore : " " + orderAndMore) + " limit " + n;
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql).setParameter(1, "% " + word).getResultList());
    }
}
