package fi.lainaamo.license.seats;

import fi.lainaamo.license.TestCatalogue;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.license.TestDb;
import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fi.lainaamo.license.seats.SeatResourceTest.SERVICE;
import static fi.lainaamo.license.seats.SeatResourceTest.availability;
import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
public class HoldSeatTest {

    @Test
    void aHeldSeatIsNobodyElsesAndBecomesALoanConsumingThen() {
        UUID publication = licensed(1, 3);
        UUID hold = UUID.randomUUID();
        hold(hold, publication, Instant.now().plus(Duration.ofDays(3))).then().statusCode(201)
                .body("kind", equalTo("HOLD")).body("heldUntil", notNullValue());
        hold(hold, publication, Instant.now().plus(Duration.ofDays(3))).then().statusCode(200);
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));
        given().when().get("/v1/publications/{id}/availability", publication)
                .then().body("seatsFree", equalTo(0)).body("seatsHeldForHolds", equalTo(1));
        assertEquals(0, TestDb.ledger("CONSUMED", publication));

        UUID loan = UUID.randomUUID();
        lend(hold, loan).then().statusCode(201).body("holderId", equalTo(loan.toString())).body("kind", equalTo("LOAN"))
                .body("state", equalTo("RESERVED"));
        lend(hold, loan).then().statusCode(200).body("holderId", equalTo(loan.toString()));
        assertEquals(1, TestDb.ledger("CONSUMED", publication));
        given().auth().oauth2(SERVICE).when().get("/v1/seats/{id}", hold).then().body("state", equalTo("RELEASED"));
        given().when().get("/v1/publications/{id}/availability", publication)
                .then().body("seatsFree", equalTo(0)).body("seatsHeldForHolds", equalTo(0));

        given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
        availability(publication, 1, 1);
    }

    @Test
    void aMeteredLicenceKeepsTheLastCheckoutForTheHold() {
        UUID publication = licensed(5, 1);
        UUID hold = UUID.randomUUID();
        hold(hold, publication, Instant.now().plus(Duration.ofDays(3))).then().statusCode(201);
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));
        hold(UUID.randomUUID(), publication, Instant.now().plus(Duration.ofDays(3))).then().statusCode(409);
        lend(hold, UUID.randomUUID()).then().statusCode(201);
        assertEquals(1, TestDb.events(EventTypes.LICENCE_EXHAUSTED, licenceOf(publication), publication));
    }

    @Test
    void aHoldWithoutATimeIsRefused() {
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("holderId", UUID.randomUUID(), "publicationId", licensed(1, null), "kind", "HOLD"))
                .when().post("/v1/seats")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors[0].code", equalTo("held-until-required"))
                .body("errors[0].field", equalTo("heldUntil"));
    }

    @Test
    void aHoldPastItsTimeIsReleasedAndAnExpiredLicenceRefusesToLendTheHold() {
        UUID publication = licensed(1, null);
        UUID hold = UUID.randomUUID();
        hold(hold, publication, Instant.now().plusSeconds(1)).then().statusCode(201);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().auth().oauth2(SERVICE).when().get("/v1/seats/{id}", hold).then().body("state", equalTo("RELEASED")));
        availability(publication, 1, 1);

        UUID expiring = TestCatalogue.publication();
        Instant expires = Instant.now().plusSeconds(2);
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", expiring, "concurrency", 1, "expires", expires.toString()))
                .when().post("/v1/licences").then().statusCode(201);
        UUID late = UUID.randomUUID();
        hold(late, expiring, Instant.now().plus(Duration.ofDays(3))).then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires));
        // its only licence expired: nothing can lend the title again, and the patron is told so (not "no free copy")
        lend(late, UUID.randomUUID()).then().statusCode(409).body("code", equalTo("no-licence-left"));
        given().auth().oauth2(SERVICE).when().get("/v1/seats/{id}", late).then().body("state", equalTo("RELEASED"));
        reserve(UUID.randomUUID(), expiring).then().statusCode(409).body("code", equalTo("no-licence-left"));
        hold(UUID.randomUUID(), expiring, Instant.now().plus(Duration.ofDays(3))).then().statusCode(409)
                .body("code", equalTo("no-licence-left"));
    }

    @Test
    void meteredLicenceWithFiveCheckoutsLendsExactlyFiveUnderTwoHundredConcurrentRequests() throws Exception {
        UUID publication = licensed(10, 5);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            attempts.add(() -> reserve(UUID.randomUUID(), publication).then().extract().statusCode());
        }
        int granted = 0;
        for (Future<Integer> status : pool.invokeAll(attempts)) {
            if (status.get() == 201) {
                granted++;
            }
        }
        pool.shutdown();
        assertEquals(5, granted);
        assertEquals(5, TestDb.ledger("CONSUMED", publication));
        // every checkout is used: five loans run on, but the licence offers no seats any more
        availability(publication, 0, 0);
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-licence-left"));
    }

    static UUID licenceOf(UUID publication) {
        return UUID.fromString(given().auth().oauth2(TestTokens.consortiumAdmin())
                .when().get("/v1/licences?publicationId={id}", publication).then().extract().path("[0].id"));
    }

    public static io.restassured.response.Response hold(UUID holdId, UUID publication, Instant heldUntil) {
        Map<String, Object> body = new HashMap<>(Map.of("holderId", holdId, "publicationId", publication, "municipality", "091", "kind", "HOLD"));
        body.put("heldUntil", heldUntil.toString());
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(body).when().post("/v1/seats");
    }

    static io.restassured.response.Response lend(UUID holdId, UUID loanId) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("loanId", loanId, "municipality", "091"))
                .when().post("/v1/seats/{id}/lend", holdId);
    }
}
