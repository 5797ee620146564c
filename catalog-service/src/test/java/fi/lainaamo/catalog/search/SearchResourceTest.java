package fi.lainaamo.catalog.search;

import fi.lainaamo.catalog.TestData;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Search as patrons use it: inflected words, typos, facets, orders, pages. Each test uses its own made-up word. */
@QuarkusTest
class SearchResourceTest {

    static String publication(String title, String format, String language, String... extra) {
        Map<String, Object> d = new HashMap<>(Map.of("title", title, "format", format, "language", language));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            d.put(extra[i], extra[i + 1]);
        }
        return TestData.catalogue(d);
    }

    static List<String> ids(String query) {
        return given().get("/v1/search?" + query).then().statusCode(200).extract().path("items.id");
    }

    // the made-up word sits in the description, which only the stemmed text index covers (the trigram fallback looks at
    // titles and names), so these matches prove the stemming
    @Test
    void aFinnishInflectionFindsTheBaseForm() {
        String word = TestData.newWord();
        String id = publication("Kirjasto", "EBOOK", "fin", "description", "Tarina " + word);
        assertEquals(List.of(id), ids("q=kirjastossa " + word));
        // and the other way round, with the accents folded: "kirjastoissa" (plural inessive) and "kävijät"
        String other = publication("Kirjastoissa kävijät", "EBOOK", "fin", "description", word);
        assertEquals(2, ids("q=kirjasto " + word).size());
        assertEquals(List.of(other), ids("q=kavijat " + word));
    }

    @Test
    void aSwedishInflectionFindsTheBaseForm() {
        String word = TestData.newWord();
        String id = publication("Hästen", "AUDIOBOOK", "swe", "description", "Berättelse " + word);
        assertEquals(List.of(id), ids("q=hästarna " + word));
    }

    // a title whose language no source gave (ONIX without Language, a feed without language) is indexed as Finnish,
    // Swedish and as written, so patrons find it by the inflected words they type
    @Test
    void aPublicationOfUndeterminedLanguageIsFoundByFinnishAndSwedishInflections() {
        String word = TestData.newWord();
        String finnish = publication("Tarinoita", "EBOOK", "und", "description", "Kirjastossa " + word);
        String swedish = publication("Berättelser", "EBOOK", "und", "description", "Böckerna " + word);
        assertEquals(List.of(finnish), ids("q=kirjastoista " + word));
        assertEquals(List.of(swedish), ids("q=böcker " + word));
        // and still by the words as written
        assertEquals(List.of(finnish), ids("q=kirjastossa " + word));
        assertEquals(List.of(swedish), ids("language=und&q=böckerna " + word));
        // a language filter that names no language finds nothing (not the undetermined ones)
        assertEquals(List.of(), ids("language=foo&q=böckerna " + word));
    }

    @Test
    void typosAndPrefixesOfTitlesAndNamesStillFind() {
        String word = TestData.newWord();
        String id = TestData.catalogue(Map.of("title", "Tuntematon " + word, "format", "EBOOK", "language", "fin",
                "authors", List.of("Väinö Linnakoski")));
        // a letter missing from the made-up word
        org.hamcrest.MatcherAssert.assertThat(ids("q=tuntematon " + word.substring(0, 5) + word.substring(6)), hasItem(id));
        // the beginning of a word, as typed so far
        org.hamcrest.MatcherAssert.assertThat(ids("q=" + word.substring(0, 7)), hasItem(id));
        // an author's name without its accents
        org.hamcrest.MatcherAssert.assertThat(ids("q=vaino linnakoski " + word), hasItem(id));
    }

    @Test
    void facetsCountEveryMatchAndFiltersNarrowThem() {
        String word = TestData.newWord();
        publication("Yksi " + word, "EBOOK", "fin", "audience", "CHILDREN");
        publication("Kaksi " + word, "EBOOK", "swe", "audience", "ADULT");
        String audio = publication("Kolme " + word, "AUDIOBOOK", "fin", "audience", "ADULT");
        available(UUID.fromString(audio));

        var all = given().get("/v1/search?q=" + word).then().statusCode(200).extract();
        assertEquals(3, (int) all.path("total"));
        assertEquals(2, (int) all.path("facets.format.find { it.value == 'EBOOK' }.count"));
        assertEquals(1, (int) all.path("facets.format.find { it.value == 'AUDIOBOOK' }.count"));
        assertEquals(2, (int) all.path("facets.language.find { it.value == 'fin' }.count"));
        assertEquals(2, (int) all.path("facets.audience.find { it.value == 'ADULT' }.count"));
        assertEquals(1, (int) all.path("facets.available[0].count"));

        given().get("/v1/search?q=" + word + "&format=EBOOK&language=fi").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].title", equalTo("Yksi " + word));
        given().get("/v1/search?q=" + word + "&available=true").then()
                .body("total", equalTo(1)).body("items[0].id", equalTo(audio))
                .body("items[0].availability.copiesAvailable", equalTo(1))
                .body("items[0].availability.estimatedWaitDays", equalTo(0));
        // the last copy lent: the filter follows in the same transaction as the read model
        changed(UUID.fromString(audio), 0, 2);
        given().get("/v1/search?q=" + word + "&available=true").then().body("total", equalTo(0));
        given().get("/v1/search?q=" + word + "&available=false").then().body("total", equalTo(3));
    }

    @Test
    void subjectsAreAFacetAndAFilter() {
        String word = TestData.newWord();
        String id = TestData.catalogue(Map.of("title", "Aiheellinen " + word, "format", "EBOOK", "language", "fin",
                "subjects", List.of(Map.of("scheme", "yso", "code", "p1", "name", "dekkarit"))));
        publication("Aiheeton " + word, "EBOOK", "fin");
        given().get("/v1/search?q=" + word).then().body("facets.subject[0].value", equalTo("dekkarit"))
                .body("facets.subject[0].count", equalTo(1));
        assertEquals(List.of(id), ids("q=" + word + "&subject=dekkarit"));
    }

    // the European Accessibility Act's metadata, searchable: each filter follows from the schema.org values, all must hold
    @Test
    void accessibilityIsAFacetAndFiltersThatMustAllHold() {
        String word = TestData.newWord();
        String readable = TestData.catalogue(Map.of("title", "Luettava " + word, "format", "EBOOK", "language", "fin",
                "accessibility", Map.of("accessModesSufficient", List.of("textual"), "features", List.of("displayTransformability"),
                        "hazards", List.of("none"))));
        String synced = TestData.catalogue(Map.of("title", "Kuunneltava " + word, "format", "EBOOK", "language", "fin",
                "accessibility", Map.of("accessModesSufficient", List.of("textual", "auditory"), "features", List.of("synchronizedAudioText"),
                        "hazards", List.of("noFlashingHazard", "noMotionSimulationHazard", "noSoundHazard"))));
        // flashing: a hazard, so not "no hazards"; visual only: not for a screen reader
        String visual = TestData.catalogue(Map.of("title", "Kuvitettu " + word, "format", "EBOOK", "language", "fin",
                "accessibility", Map.of("accessModesSufficient", List.of("visual"), "hazards", List.of("flashing", "noSoundHazard"))));
        publication("Tuntematon " + word, "EBOOK", "fin");

        var all = given().get("/v1/search?q=" + word).then().statusCode(200).extract();
        assertEquals(4, (int) all.path("total"));
        assertEquals(2, (int) all.path("facets.accessibility.find { it.value == 'screen-reader' }.count"));
        assertEquals(2, (int) all.path("facets.accessibility.find { it.value == 'no-hazards' }.count"));
        assertEquals(1, (int) all.path("facets.accessibility.find { it.value == 'synchronised-audio' }.count"));
        assertEquals(1, (int) all.path("facets.accessibility.find { it.value == 'adjustable-text' }.count"));

        org.hamcrest.MatcherAssert.assertThat(ids("q=" + word + "&accessibility=screen-reader"),
                org.hamcrest.Matchers.containsInAnyOrder(readable, synced));
        assertEquals(List.of(synced), ids("q=" + word + "&accessibility=screen-reader&accessibility=synchronised-audio"));
        assertEquals(List.of(readable), ids("q=" + word + "&accessibility=adjustable-text&accessibility=no-hazards"));
        assertEquals(List.of(), ids("q=" + word + "&accessibility=no-hazards&accessibility=synchronised-audio&accessibility=adjustable-text"));
        org.hamcrest.MatcherAssert.assertThat(ids("q=" + word), hasItem(visual));

        // the metadata corrected: the filter follows in the same transaction
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("title", "Kuvitettu " + word, "format", "EBOOK", "language", "fin",
                        "accessibility", Map.of("accessModesSufficient", List.of("textual"), "hazards", List.of("none"))))
                .put("/v1/publications/{id}", visual).then().statusCode(200);
        org.hamcrest.MatcherAssert.assertThat(ids("q=" + word + "&accessibility=no-hazards"),
                org.hamcrest.Matchers.containsInAnyOrder(readable, synced, visual));

        // a need the API does not know is refused, naming the parameter
        given().header("Accept-Language", "en").get("/v1/search?accessibility=braille").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-request"))
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("accessibility"));
    }

    @Test
    void ordersAndCursorPagesWalkThroughEveryMatchOnce() {
        String word = TestData.newWord();
        List<String> made = new ArrayList<>();
        for (String letter : List.of("E", "B", "D", "A", "C")) {
            made.add(publication(letter + " " + word, "EBOOK", "eng", "published", "200" + made.size() + "-01-01"));
        }
        List<String> titles = new ArrayList<>();
        String next = "/v1/search?q=" + word + "&sort=title&limit=2";
        int pages = 0;
        while (next != null) {
            var page = given().get(next).then().statusCode(200).extract();
            titles.addAll(page.path("items.title"));
            next = page.path("next");
            pages++;
        }
        assertEquals(List.of("A", "B", "C", "D", "E"), titles.stream().map(t -> t.substring(0, 1)).toList());
        assertEquals(3, pages);
        // newest first: the last one made has the latest publication date
        assertEquals(made.get(4), ids("q=" + word + "&sort=newest").get(0));
        given().get("/v1/search?q=" + word + "&sort=most-borrowed").then().statusCode(200).body("total", equalTo(5));
    }

    @Test
    void mostBorrowedCountsLicenceConsumedEventsOncePerEvent() {
        String word = TestData.newWord();
        String once = publication("Kerran " + word, "EBOOK", "fin");
        String twice = publication("Kahdesti " + word, "EBOOK", "fin");
        UUID repeated = UUID.randomUUID();
        consumed(once, UUID.randomUUID());
        consumed(twice, repeated);
        consumed(twice, repeated); // a redelivery counts nothing
        consumed(twice, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("q=" + word + "&sort=most-borrowed").equals(List.of(twice, once)));
        String never = publication("Ei koskaan " + word, "EBOOK", "fin");
        assertEquals(List.of(twice, once, never), ids("q=" + word + "&sort=most-borrowed"));
    }

    static void consumed(String publication, UUID event) {
        TestKafka.sendCloudEvent(Topics.LICENCE, publication, event, EventTypes.LICENCE_CONSUMED, "urn:lainaamo:license-service",
                "{\"licenceId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + publication + "\",\"holderId\":\"" + UUID.randomUUID()
                        + "\",\"municipality\":\"091\",\"checkoutsLeft\":9,\"at\":\"2026-01-01T10:00:00Z\"}");
    }

    @Test
    void withdrawnTitlesLeaveSearch() {
        String word = TestData.newWord();
        String id = publication("Poistuva " + word, "EBOOK", "fin");
        assertEquals(List.of(id), ids("q=" + word));
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(Map.of("reason", "rights-ended"))
                .post("/v1/publications/{id}/withdraw", id).then().statusCode(200);
        given().get("/v1/search?q=" + word).then().body("total", equalTo(0)).body("items.id", not(hasItem(id)));
    }

    @Test
    void badParametersAreProblemsInTheReadersLanguage() {
        given().header("Accept-Language", "fi").get("/v1/search?limit=101&sort=popular&format=PDF").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-request"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("limit", "sort", "format"));
        given().header("Accept-Language", "sv").get("/v1/search?cursor=nonsense").then().statusCode(400)
                .body("code", equalTo("invalid-cursor")).body("errors[0].field", equalTo("cursor"));
        given().get("/v1/search?q=%22%22%20%26%20!%20:*").then().statusCode(200);
        // a yes/no that is neither is refused, not read as "no"
        given().get("/v1/search?available=maybe").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("available"));
    }

    static void available(UUID publication) {
        changed(publication, 1, 1);
    }

    static void changed(UUID publication, int free, int version) {
        UUID event = UUID.randomUUID();
        TestKafka.sendCloudEvent(Topics.LICENCE, publication.toString(), event, EventTypes.AVAILABILITY_CHANGED, "urn:lainaamo:license-service",
                "{\"publicationId\":\"" + publication + "\",\"seatsTotal\":1,\"seatsFree\":" + free + ",\"seatsHeldForHolds\":0,\"version\":" + version + "}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(free).equals(
                given().get("/v1/publications/{id}", publication).path("availability.copiesAvailable")));
    }
}
