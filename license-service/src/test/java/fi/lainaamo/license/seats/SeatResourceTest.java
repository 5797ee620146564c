package fi.lainaamo.license.seats;

import fi.lainaamo.license.TestCatalogue;
import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
public class SeatResourceTest {

    public static final String SERVICE = TestTokens.service("loan-service");

    @Test
    void reservationIsIdempotentOnTheHolderAndTheLastSeatGoesOnce() {
        UUID publication = licensed(1, null);
        UUID loan = UUID.randomUUID();
        String licenceId = reserve(loan, publication).then().statusCode(201)
                .body("state", equalTo("RESERVED")).extract().path("licenceId");
        reserve(loan, publication).then().statusCode(200).body("licenceId", equalTo(licenceId));

        reserve(UUID.randomUUID(), publication).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("no-free-copy"));
        availability(publication, 1, 0);

        given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
        given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
        availability(publication, 1, 1);
        given().auth().oauth2(SERVICE).when().get("/v1/seats/{id}", loan).then().body("state", equalTo("RELEASED"));
    }

    @Test
    void meteredLicenceNeverLendsMoreThanItsCheckouts() {
        UUID publication = licensed(10, 2);
        for (int i = 0; i < 2; i++) {
            UUID loan = UUID.randomUUID();
            reserve(loan, publication).then().statusCode(201);
            given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
        }
        // used up: it can never lend again, so no hold would help
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-licence-left"));
        availability(publication, 0, 0);
    }

    @Test
    void aTitleNoLicenceCanLendAgainSaysNoLicenceLeftWhileOneInForceSaysNoFreeCopy() {
        UUID publication = TestCatalogue.publication();
        Instant expires = Instant.now().plusSeconds(3);
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 1, "expires", expires.toString()))
                .when().post("/v1/licences").then().statusCode(201);
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 1, "checkouts", 1))
                .when().post("/v1/licences").then().statusCode(201);
        reserve(UUID.randomUUID(), publication).then().statusCode(201); // the time-limited licence goes first
        reserve(UUID.randomUUID(), publication).then().statusCode(201); // the metered one's only checkout
        // the time-limited licence is in force and its copy comes back when the loan ends: a hold will get it
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires));
        // expired and used up: nothing can lend the title again, so the patron is not invited to place a hold
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-licence-left"));
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("holderId", UUID.randomUUID(), "publicationId", publication, "municipality", "091", "kind", "LOAN"))
                .when().post("/v1/seats").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("no-licence-left")).body("title", equalTo("Ei lisenssejä jäljellä"));
        availability(publication, 0, 0);
    }

    @Test
    void unlicensedTitleAndBadRequestsAreProblems() {
        reserve(UUID.randomUUID(), UUID.randomUUID()).then().statusCode(409).body("code", equalTo("no-licence"));
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(Map.of("municipality", "Helsinki"))
                .when().post("/v1/seats")
                .then().statusCode(400).body("code", equalTo("invalid-request"));
        given().auth().oauth2(TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("holderId", UUID.randomUUID(), "publicationId", UUID.randomUUID()))
                .when().post("/v1/seats")
                .then().statusCode(403);
    }

    @Test
    void twoHundredConcurrentRequestsForOneSeatTakeExactlyOne() throws Exception {
        UUID publication = licensed(1, null);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            attempts.add(() -> reserve(UUID.randomUUID(), publication).then().extract().statusCode());
        }
        int granted = 0;
        int refused = 0;
        for (Future<Integer> status : pool.invokeAll(attempts)) {
            if (status.get() == 201) {
                granted++;
            } else if (status.get() == 409) {
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, granted);
        assertEquals(199, refused);
        availability(publication, 1, 0);
    }

    public static io.restassured.response.Response reserve(UUID holder, UUID publication) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("holderId", holder, "publicationId", publication, "municipality", "091", "kind", "LOAN"))
                .when().post("/v1/seats");
    }

    /** A publication the catalogue announced, with a licence of this concurrency (and checkouts, if metered). */
    public static UUID licensed(int concurrency, Integer checkouts) {
        UUID publication = TestCatalogue.publication();
        Map<String, Object> terms = new java.util.HashMap<>(Map.of("publicationId", publication, "concurrency", concurrency));
        if (checkouts != null) {
            terms.put("checkouts", checkouts);
        }
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(terms)
                .when().post("/v1/licences").then().statusCode(201);
        return publication;
    }

    public static void availability(UUID publication, int total, int free) {
        given().when().get("/v1/publications/{id}/availability", publication)
                .then().statusCode(200).body("seatsTotal", equalTo(total)).body("seatsFree", equalTo(free));
    }
}
