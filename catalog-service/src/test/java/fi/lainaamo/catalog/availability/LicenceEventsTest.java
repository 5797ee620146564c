package fi.lainaamo.catalog.availability;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class LicenceEventsTest {

    static final String LICENSE_SERVICE = "urn:lainaamo:license-service";

    @Test
    void anAvailabilityChangeShowsOnThePublication() {
        UUID publication = catalogued();
        changed(publication, UUID.randomUUID(), 3, 2, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> copies(publication).equals("3/2"));

        given().when().get("/v1/publications/{id}", publication)
                .then().statusCode(200)
                .body("availability.copiesTotal", equalTo(3))
                .body("availability.copiesAvailable", equalTo(2))
                .body("availability.updatedAt", notNullValue());
    }

    @Test
    void theSameEventDeliveredTwiceChangesNothing() {
        UUID publication = catalogued();
        UUID eventId = UUID.randomUUID();
        changed(publication, eventId, 4, 3, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> copies(publication).equals("4/3"));
        String updatedAt = given().when().get("/v1/publications/{id}/availability", publication).then().extract().path("updatedAt");

        changed(publication, eventId, 4, 3, 1);
        changed(publication, eventId, 4, 3, 1);
        // a marker event after the duplicates proves they have been consumed before we look
        UUID marker = marker(publication);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(marker));

        given().when().get("/v1/publications/{id}/availability", publication)
                .then().statusCode(200)
                .body("copiesTotal", equalTo(4))
                .body("copiesAvailable", equalTo(3))
                .body("updatedAt", equalTo(updatedAt));
        assertEquals(1L, timesProcessed(eventId));
    }

    @Test
    void anOlderVersionAfterANewerOneChangesNothing() {
        UUID publication = catalogued();
        UUID newer = UUID.randomUUID();
        UUID older = UUID.randomUUID();
        changed(publication, newer, 5, 1, 8);
        changed(publication, older, 5, 5, 7);
        UUID marker = marker(publication);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(marker));

        assertEquals("5/1", copies(publication));
        assertEquals(1L, timesProcessed(older)); // seen and recorded, just not applied
        assertEquals(8L, storedVersion(publication));
    }

    @Test
    void otherLicenceEventsAreRecordedButDoNotTouchAvailability() {
        UUID publication = catalogued();
        UUID consumed = UUID.randomUUID();
        String data = "{\"licenceId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + publication
                + "\",\"holderId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"091\",\"checkoutsLeft\":9,\"at\":\"2026-01-01T10:00:00Z\"}";
        TestKafka.sendCloudEvent(Topics.LICENCE, publication.toString(), consumed, EventTypes.LICENCE_CONSUMED, LICENSE_SERVICE, data);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(consumed));

        assertEquals("0/0", copies(publication));
    }

    @Test
    void availabilityArrivingBeforeThePublicationShowsOnceItIsCatalogued() {
        UUID publication = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        changed(publication, eventId, 2, 1, 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(eventId));

        given().when().get("/v1/publications/{id}/availability", publication)
                .then().statusCode(404).body("code", equalTo("publication-not-found"));

        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("title", "Ennakkoon lisensoitu", "format", "AUDIOBOOK", "language", "fin"))
                .when().put("/v1/publications/{id}", publication)
                .then().statusCode(201)
                .body("availability.copiesTotal", equalTo(2))
                .body("availability.copiesAvailable", equalTo(1));
        assertEquals("2/1", copies(publication));
    }

    static UUID catalogued() {
        String id = given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("title", "Lisensoitava", "format", "EBOOK", "language", "fin"))
                .when().post("/v1/publications")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    static void changed(UUID publication, UUID eventId, int seatsTotal, int seatsFree, long version) {
        String data = "{\"publicationId\":\"" + publication + "\",\"seatsTotal\":" + seatsTotal + ",\"seatsFree\":" + seatsFree + ",\"seatsHeldForHolds\":0"
                + ",\"version\":" + version + "}";
        TestKafka.sendCloudEvent(Topics.LICENCE, publication.toString(), eventId, EventTypes.AVAILABILITY_CHANGED, LICENSE_SERVICE, data);
    }

    /** An event on the same key (so the same partition) that the consumer records with no effect on this title. */
    static UUID marker(UUID publication) {
        return TestKafka.sendMarker(Topics.LICENCE, publication.toString());
    }

    /** Copies as the public API shows them, "total/available". */
    static String copies(UUID publication) {
        var availability = given().when().get("/v1/publications/{id}/availability", publication).then().statusCode(200).extract();
        return availability.path("copiesTotal") + "/" + availability.path("copiesAvailable");
    }

    static boolean processed(UUID eventId) {
        return timesProcessed(eventId) > 0;
    }

    static long timesProcessed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PublicationAvailability.getEntityManager()
                .createNativeQuery("select count(*) from processed_event where event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue());
    }

    static long storedVersion(UUID publication) {
        return QuarkusTransaction.requiringNew().call(() -> ((PublicationAvailability) PublicationAvailability.findById(publication)).version);
    }
}
