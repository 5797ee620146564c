package fi.lainaamo.catalog.opds;

import fi.lainaamo.catalog.TestData;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every OPDS shape the catalogue emits, validated against the official schemas, with live availability. */
@QuarkusTest
class OpdsResourceTest {

    static String rich(String title, String format, String language, String word) {
        Map<String, Object> d = new HashMap<>();
        d.put("title", title);
        d.put("format", format);
        d.put("language", language);
        d.put("isbn", TestData.newIsbn());
        d.put("description", "Kuvaus " + word);
        d.put("published", "2026-11-01");
        d.put("coverUrl", "https://covers.example/" + word + ".jpg");
        d.put("contributors", List.of(Map.of("name", "Kirjoittaja Kaisa", "sortName", "Kaisa, Kirjoittaja", "role", "author"),
                Map.of("name", "Lukija Lauri", "role", "narrator")));
        d.put("subjects", List.of(Map.of("scheme", "yso", "code", "p1", "name", "romaanit")));
        d.put("series", Map.of("name", "Sarja", "position", 2));
        d.put("durationSeconds", 3600);
        d.put("pages", 200);
        d.put("accessibility", Map.of("summary", "Saavutettava", "accessModes", List.of("textual"), "features", List.of("tableOfContents"),
                "hazards", List.of("none"), "conformsTo", List.of("EPUB Accessibility 1.1 - WCAG 2.1 Level AA")));
        return TestData.catalogue(d);
    }

    @Test
    void aPublicationDocumentShowsAvailabilityCopiesHoldsAndTheBorrowLink() throws Exception {
        String word = TestData.newWord();
        String id = rich("Opds-kirja " + word, "EBOOK", "fin", word);
        UUID publication = UUID.fromString(id);
        TestKafka.sendCloudEvent(Topics.LICENCE, id, UUID.randomUUID(), EventTypes.AVAILABILITY_CHANGED, "urn:lainaamo:license-service",
                "{\"publicationId\":\"" + id + "\",\"seatsTotal\":2,\"seatsFree\":0,\"seatsHeldForHolds\":0,\"version\":1}");
        TestKafka.sendCloudEvent(Topics.LOAN, id, UUID.randomUUID(), EventTypes.HOLD_QUEUE_CHANGED, "urn:lainaamo:loan-service",
                "{\"publicationId\":\"" + id + "\",\"holdsWaiting\":3,\"version\":1}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(3).equals(
                given().get("/v1/publications/{id}", publication).path("availability.holdsWaiting"))
                && Integer.valueOf(2).equals(given().get("/v1/publications/{id}", publication).path("availability.copiesTotal")));

        String body = given().get("/opds/publications/{id}", id).then().statusCode(200)
                .contentType("application/opds-publication+json").extract().asString();
        OpdsSchemas.assertValid(OpdsSchemas.PUBLICATION, body);
        JsonPath doc = JsonPath.from(body);
        assertEquals("http://schema.org/EBook", doc.getString("metadata.'@type'"));
        assertEquals("fi", doc.getString("metadata.language"));
        assertEquals("Kirjoittaja Kaisa", doc.getString("metadata.author[0].name"));
        Map<String, Object> borrow = doc.getMap("links.find { it.rel == 'http://opds-spec.org/acquisition/borrow' }");
        assertEquals("http://localhost:8084/v1/loans?publicationId=" + id, borrow.get("href"));
        assertEquals("unavailable", doc.getString("links.find { it.rel == 'http://opds-spec.org/acquisition/borrow' }.properties.availability.state"));
        assertEquals(2, doc.getInt("links.find { it.rel == 'http://opds-spec.org/acquisition/borrow' }.properties.copies.total"));
        assertEquals(0, doc.getInt("links.find { it.rel == 'http://opds-spec.org/acquisition/borrow' }.properties.copies.available"));
        assertEquals(3, doc.getInt("links.find { it.rel == 'http://opds-spec.org/acquisition/borrow' }.properties.holds.total"));
    }

    @Test
    void aContributorInTwoRolesIsListedUnderBothAndAMachineNarratorIsFlagged() throws Exception {
        Map<String, Object> d = new HashMap<>(Map.of("title", "Kaksi roolia", "format", "AUDIOBOOK", "language", "fin"));
        d.put("contributors", List.of(Map.of("name", "Anna Ahonen", "roles", List.of("author", "translator")),
                Map.of("name", "Synthesised voice", "roles", List.of("narrator"), "ai", true),
                Map.of("name", "Rauni Rooliton", "role", "unknown")));
        String id = TestData.catalogue(d);
        given().get("/v1/publications/{id}", id).then().statusCode(200)
                .body("contributors[0].role", org.hamcrest.Matchers.equalTo("author"))
                .body("contributors.ai", org.hamcrest.Matchers.equalTo(List.of(false, true, false)));
        String body = given().get("/opds/publications/{id}", id).then().statusCode(200).extract().asString();
        OpdsSchemas.assertValid(OpdsSchemas.PUBLICATION, body);
        JsonPath doc = JsonPath.from(body);
        assertEquals(List.of("Anna Ahonen"), doc.getList("metadata.author.name"));
        assertEquals(List.of("Anna Ahonen"), doc.getList("metadata.translator.name"));
        assertEquals(Boolean.TRUE, doc.<Boolean>get("metadata.narrator[0].ai"));
        assertEquals(null, doc.<Object>get("metadata.author[0].ai"));
        assertEquals(List.of("Rauni Rooliton"), doc.getList("metadata.contributor.name"));
    }

    @Test
    void theRootHasNavigationGroupsSearchAndTheAuthenticationDocument() throws Exception {
        rich("Juurikirja " + TestData.newWord(), "AUDIOBOOK", "swe", TestData.newWord());
        String body = given().get("/opds").then().statusCode(200).contentType("application/opds+json").extract().asString();
        OpdsSchemas.assertValid(OpdsSchemas.FEED, body);
        JsonPath feed = JsonPath.from(body);
        assertEquals("/opds/search{?query}", feed.getString("links.find { it.rel == 'search' }.href"));
        assertTrue(feed.getBoolean("links.find { it.rel == 'search' }.templated"));
        assertTrue(feed.getString("links.find { it.rel == 'http://opds-spec.org/auth/document' }.href").endsWith("/v1/opds/authentication"));
        List<String> groups = feed.getList("groups.metadata.title");
        assertTrue(groups.contains("Uudet äänikirjat"), groups.toString());
        assertTrue(groups.contains("På svenska"), groups.toString());
        assertEquals(7, feed.getList("navigation").size());
    }

    @Test
    void publicationFeedsPageWithFacetsAndWithdrawnTitlesLeaveThem() throws Exception {
        String word = TestData.newWord();
        String first = rich("Sivu A " + word, "EBOOK", "fin", word);
        rich("Sivu B " + word, "EBOOK", "fin", word);
        rich("Sivu C " + word, "AUDIOBOOK", "fin", word);

        String page1 = given().get("/opds/search?query=" + word + "&limit=2").then().statusCode(200).extract().asString();
        OpdsSchemas.assertValid(OpdsSchemas.FEED, page1);
        JsonPath feed = JsonPath.from(page1);
        assertEquals(3, feed.getInt("metadata.numberOfItems"));
        assertEquals(2, feed.getInt("metadata.itemsPerPage"));
        assertEquals(1, feed.getInt("metadata.currentPage"));
        assertEquals(2, feed.getList("publications").size());
        assertEquals(2, feed.getInt("facets.find { it.metadata.title == 'Muoto' }.links.find { it.title == 'E-kirjat' }.properties.numberOfItems"));
        String next = feed.getString("links.find { it.rel == 'next' }.href");

        String page2 = given().get(next).then().statusCode(200).extract().asString();
        OpdsSchemas.assertValid(OpdsSchemas.FEED, page2);
        assertEquals(1, JsonPath.from(page2).getList("publications").size());
        assertEquals(2, JsonPath.from(page2).getInt("metadata.currentPage"));
        assertTrue(JsonPath.from(page2).getString("links.find { it.rel == 'previous' }.href").contains("page=1"));

        String audio = given().get("/opds/search?query=" + word + "&format=AUDIOBOOK").then().statusCode(200).extract().asString();
        OpdsSchemas.assertValid(OpdsSchemas.FEED, audio);
        assertEquals("self", JsonPath.from(audio).getString("facets.find { it.metadata.title == 'Muoto' }.links.find { it.title == 'Äänikirjat' }.rel"));

        for (String path : List.of("/opds/publications?limit=3", "/opds/new/ebooks", "/opds/new/audiobooks", "/opds/languages/fi",
                "/opds/languages/other", "/opds/search?query=" + TestData.newWord())) {
            OpdsSchemas.assertValid(OpdsSchemas.FEED, given().get(path).then().statusCode(200).extract().asString());
        }

        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(Map.of("reason", "rights-ended"))
                .post("/v1/publications/{id}/withdraw", first).then().statusCode(200);
        given().get("/opds/publications/{id}", first).then().statusCode(404).body("code", equalTo("publication-not-found"));
        given().get("/opds/search?query=" + word).then().statusCode(200)
                .body("metadata.numberOfItems", equalTo(2))
                .body("publications.metadata.title", not(hasItem("Sivu A " + word)));
        given().get("/opds/publications?page=0").then().statusCode(400).body("code", equalTo("invalid-request"));
    }
}
