package fi.lainaamo.license.acquisitions;

import fi.lainaamo.license.TestCatalogue;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.license.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.license.seats.SeatResourceTest.SERVICE;
import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AcquisitionsTest {

    static final String ADMIN = TestTokens.consortiumAdmin();
    static final String LIBRARIAN = TestTokens.librarian(UUID.randomUUID());

    @Test
    void usageShowsCheckoutsSeatsAndCostPerLoanToAdminsAndLibrarians() {
        UUID publication = TestCatalogue.publication();
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 2, "checkouts", 10, "price", 100, "currency", "EUR",
                        "format", "EPUB", "distributor", "Ellibs", "distributorLicenceId", "urn:license:" + UUID.randomUUID()))
                .when().post("/v1/licences").then().statusCode(201).extract().path("id");
        UUID loan = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);
        given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
        reserve(UUID.randomUUID(), publication).then().statusCode(201);

        given().auth().oauth2(LIBRARIAN).when().get("/v1/licences?publicationId={p}", publication).then().statusCode(200)
                .body("[0].id", equalTo(id))
                .body("[0].checkoutsUsed", equalTo(2)).body("[0].checkoutsLeft", equalTo(8))
                .body("[0].seatsTaken", equalTo(1)).body("[0].loansSoFar", equalTo(2))
                .body("[0].costPerLoan", equalTo(50.0f)).body("[0].format", equalTo("EPUB"));
        given().auth().oauth2(LIBRARIAN).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 1))
                .when().post("/v1/licences").then().statusCode(403);
    }

    @Test
    void unlimitedLicenceIsShownAsUnlimited() {
        UUID publication = TestCatalogue.publication();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .when().post("/v1/licences").then().statusCode(201).body("unlimited", equalTo(true));
        for (int i = 0; i < 3; i++) {
            reserve(UUID.randomUUID(), publication).then().statusCode(201);
        }
        given().when().get("/v1/publications/{id}/availability", publication).then()
                .body("unlimited", equalTo(true)).body("seatsFree", equalTo(Integer.MAX_VALUE));
    }

    @Test
    void expiringSoonAndNearlyExhaustedLists() {
        UUID soon = TestCatalogue.publication();
        String expiring = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicationId", soon, "concurrency", 1, "expires", Instant.now().plus(Duration.ofDays(10)).toString()))
                .when().post("/v1/licences").then().statusCode(201).extract().path("id");
        given().auth().oauth2(LIBRARIAN).when().get("/v1/licences/expiring?within=P30D&limit=500").then().statusCode(200)
                .body("id", hasItem(expiring));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/expiring?within=P5D&limit=500").then().statusCode(200)
                .body("id", not(hasItem(expiring)));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/expiring?within=soon").then().statusCode(400)
                .body("code", equalTo("invalid-request"));

        UUID few = licensed(3, 2);
        reserve(UUID.randomUUID(), few).then().statusCode(201);
        String nearly = given().auth().oauth2(ADMIN).when().get("/v1/licences?publicationId={p}", few).then().extract().path("[0].id");
        given().auth().oauth2(ADMIN).when().get("/v1/licences/nearly-exhausted?checkoutsLeftAtMost=1&limit=500").then()
                .statusCode(200).body("id", hasItem(nearly));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/nearly-exhausted?checkoutsLeftAtMost=-1").then().statusCode(400);
        given().auth().oauth2(ADMIN).when().get("/v1/licences/nearly-exhausted?checkoutsLeftAtMost=1&limit=1").then()
                .statusCode(200).body("", org.hamcrest.Matchers.hasSize(1))
                .header("Link", org.hamcrest.Matchers.containsString("offset=1"))
                .header("Link", org.hamcrest.Matchers.containsString("rel=\"next\""));
    }

    @Test
    void expiryIsAnnouncedOnceAtTheExpiryInstant() {
        UUID publication = TestCatalogue.publication();
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 2, "expires", Instant.now().plusSeconds(2).toString()))
                .when().post("/v1/licences").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> TestDb.events(EventTypes.LICENCE_EXPIRED, id, publication) == 1);
        given().when().get("/v1/publications/{id}/availability", publication).then()
                .body("seatsTotal", equalTo(0)).body("seatsFree", equalTo(0));
        // a few more checks of the job find nothing more to announce
        long availabilityEvents = TestDb.events(EventTypes.AVAILABILITY_CHANGED, publication, publication);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(1, TestDb.events(EventTypes.LICENCE_EXPIRED, id, publication));
        assertEquals(availabilityEvents, TestDb.events(EventTypes.AVAILABILITY_CHANGED, publication, publication));
    }

    @Test
    void aTitleCrossingTheRatioIsSignalledOncePerCrossing() {
        UUID publication = licensed(2, null);
        queue(publication, 4, 1);   // 2 per seat: under 3
        queue(publication, 7, 2);   // 3.5 per seat: crosses
        queue(publication, 9, 3);   // still over: no new signal
        queue(publication, 9, 3);   // replayed version: nothing
        await().atMost(Duration.ofSeconds(20)).until(() -> demandVersion(publication) == 3);
        assertEquals(1, TestDb.events(EventTypes.REPURCHASE_SIGNALLED, publication, publication));
        given().auth().oauth2(ADMIN).when().get("/v1/repurchase-signals?limit=500").then().statusCode(200)
                .body("publicationId", hasItem(publication.toString()));

        queue(publication, 2, 4);   // back under
        queue(publication, 8, 5);   // crosses again
        await().atMost(Duration.ofSeconds(20)).until(() -> demandVersion(publication) == 5);
        assertEquals(2, TestDb.events(EventTypes.REPURCHASE_SIGNALLED, publication, publication));
    }

    static void queue(UUID publication, int waiting, long version) {
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.nameUUIDFromBytes((publication + "/" + version + "/" + waiting).getBytes()),
                EventTypes.HOLD_QUEUE_CHANGED, "urn:lainaamo:loan-service",
                "{\"publicationId\":\"" + publication + "\",\"holdsWaiting\":" + waiting + ",\"version\":" + version + "}");
    }

    static long demandVersion(UUID publication) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            TitleDemand d = TitleDemand.findById(publication);
            return d == null ? -1L : d.version;
        });
    }
}
