package fi.lainaamo.catalog.publications;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.catalog.TestData;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A search or feed page reads its publications in one statement without entities (issue 14); each must be exactly
 * the publication as its own document shows it (the entity's view): every field, the jsonb ones, the series
 * position, the timestamps, the withdrawal, and the availability with and without copies or a hold queue.
 */
@QuarkusTest
class PageViewsTest {

    @Inject
    PublicationService publications;

    @Inject
    ObjectMapper json;

    @Test
    void aPageShowsEachPublicationExactlyAsItsOwnDocument() throws Exception {
        String word = TestData.newWord();
        Map<String, Object> rich = RichPublicationTest.rich(TestData.newIsbn());
        rich.put("description", "Pentinkulman kylän elämää " + word);
        rich.put("series", Map.of("name", "Pohjantähti-trilogia", "position", 2.5));
        rich.put("contributors", List.of(Map.of("name", "Väinö Linna", "sortName", "Linna, Väinö", "roles", List.of("author", "translator")),
                Map.of("name", "Ääni", "role", "narrator", "ai", true)));
        UUID withCopiesAndHolds = UUID.fromString(TestData.catalogue(rich));
        UUID bare = UUID.fromString(TestData.catalogue(Map.of("title", "Paljas " + word, "format", "EBOOK", "language", "swe")));
        UUID onlyHolds = UUID.fromString(TestData.catalogue(Map.of("title", "Jonossa " + word, "format", "EBOOK", "language", "fin")));
        UUID withdrawn = UUID.fromString(TestData.catalogue(Map.of("title", "Poistettu " + word, "format", "AUDIOBOOK", "language", "eng",
                "authors", List.of("Kirjoittaja Yksi", "Kirjoittaja Kaksi"))));
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(Map.of("reason", "oikeudet päättyivät"))
                .post("/v1/publications/{id}/withdraw", withdrawn).then().statusCode(200);
        copies(withCopiesAndHolds, 3, 0);
        holds(withCopiesAndHolds, 4);
        holds(onlyHolds, 2);

        UUID unknown = UUID.randomUUID();
        List<UUID> ids = List.of(onlyHolds, withCopiesAndHolds, unknown, bare, withdrawn, withCopiesAndHolds);
        List<String> page = new ArrayList<>();
        for (PublicationView view : publications.views(ids)) {
            page.add(json.writeValueAsString(view));
        }
        List<String> documents = new ArrayList<>();
        for (UUID id : List.of(onlyHolds, withCopiesAndHolds, bare, withdrawn, withCopiesAndHolds)) {
            documents.add(json.writeValueAsString(publications.get(id)));
        }
        // in the order asked, an unknown id left out and a repeated one repeated, byte for byte the entity's view
        assertEquals(documents, page);

        // and through HTTP: the search page's item is the publication's own document
        Map<String, Object> item = given().get("/v1/search?q=" + word + "&sort=title").then().statusCode(200).extract().path("items[1]");
        Map<String, Object> document = given().get("/v1/publications/{id}", bare).then().statusCode(200).extract().path("");
        assertEquals(document, item);
        assertEquals(List.of(), publications.views(List.of()));
    }

    private static void copies(UUID publication, int total, int free) {
        TestKafka.sendCloudEvent(Topics.LICENCE, publication.toString(), UUID.randomUUID(), EventTypes.AVAILABILITY_CHANGED, "urn:lainaamo:license-service",
                "{\"publicationId\":\"" + publication + "\",\"seatsTotal\":" + total + ",\"seatsFree\":" + free + ",\"seatsHeldForHolds\":1,\"version\":1}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(total).equals(
                given().get("/v1/publications/{id}", publication).path("availability.copiesTotal")));
    }

    private static void holds(UUID publication, int waiting) {
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.HOLD_QUEUE_CHANGED, "urn:lainaamo:loan-service",
                "{\"publicationId\":\"" + publication + "\",\"holdsWaiting\":" + waiting + ",\"version\":1}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(waiting).equals(
                given().get("/v1/publications/{id}", publication).path("availability.holdsWaiting")));
    }
}
