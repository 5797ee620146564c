package fi.lainaamo.loan.loans;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LoanResourceTest {

    static final UUID LIBRARY = UUID.randomUUID();

    @Test
    void borrowGivesALoanDueWithinTheLicenceLimitAndPublishesItWithoutPersonalData() {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        Response response = borrow(patron, title, null);
        response.then().statusCode(201).body("state", equalTo("active")).body("publicationId", equalTo(title.toString()));
        Instant started = Instant.parse(response.path("startedAt"));
        Instant due = Instant.parse(response.path("dueAt"));
        assertEquals(Duration.ofDays(14), Duration.between(started, due), "the licence allows 14 days, less than the policy's 21");

        String loanId = response.path("id");
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LOAN,
                r -> r.value().contains(loanId), Duration.ofSeconds(20));
        ConsumerRecord<String, String> event = seen.get(seen.size() - 1);
        assertEquals(EventTypes.LOAN_STARTED, TestKafka.header(event, "ce_type"));
        assertEquals(title.toString(), event.key());
        assertTrue(event.value().contains("\"municipality\":\"091\""));
        assertFalse(event.value().toLowerCase().contains("card"));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstLoan() {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        String first = borrow(patron, title, "key-1").then().statusCode(201).extract().path("id");
        borrow(patron, title, "key-1").then().statusCode(200).body("id", equalTo(first));
        borrow(patron, UUID.randomUUID(), "key-1").then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("", hasSize(1));
    }

    @Test
    void everyFailingRuleIsAnsweredAtOnce() {
        UUID patron = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        borrow(patron, kept, null).then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            borrow(patron, UUID.randomUUID(), null).then().statusCode(201);
        }
        borrow(patron, kept, null).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("borrow-refused"))
                .body("errors.code", containsInAnyOrder("already-on-loan", "loan-limit-reached"));
        given().auth().oauth2(token(patron)).header("Accept-Language", "sv").contentType(ContentType.JSON)
                .body(Map.of("publicationId", UUID.randomUUID()))
                .when().post("/v1/loans")
                .then().statusCode(422).body("errors[0].title", equalTo("Lånegränsen nådd"));
    }

    @Test
    void noFreeCopyAndNoLicenceAreClearRefusals() {
        UUID patron = UUID.randomUUID();
        given().auth().oauth2(token(patron)).header("Accept-Language", "fi").contentType(ContentType.JSON)
                .body(Map.of("publicationId", LicenseServiceStandIn.FULLY_LENT))
                .when().post("/v1/loans")
                .then().statusCode(422).body("errors[0].code", equalTo("no-free-copy"))
                .body("errors[0].title", equalTo("Ei vapaata kappaletta"));
        borrow(patron, LicenseServiceStandIn.UNLICENSED, null).then().statusCode(422).body("errors[0].code", equalTo("no-licence"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("", hasSize(0));
    }

    @Test
    void returnEndsTheLoanOnceAndOthersCannotSeeOrReturnIt() {
        UUID patron = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String loan = borrow(patron, UUID.randomUUID(), null).then().statusCode(201).extract().path("id");

        given().auth().oauth2(token(other)).when().get("/v1/loans/{id}", loan).then().statusCode(404).body("code", equalTo("loan-not-found"));
        given().auth().oauth2(token(other)).when().post("/v1/loans/{id}/return", loan).then().statusCode(404);
        given().auth().oauth2(token(other)).when().get("/v1/loans?state=all").then().body("", hasSize(0));

        given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/return", loan)
                .then().statusCode(200).body("state", equalTo("returned"));
        given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/return", loan)
                .then().statusCode(409).body("code", equalTo("loan-not-active"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("", hasSize(0));
        given().auth().oauth2(token(patron)).when().get("/v1/loans?state=all").then().body("", hasSize(1));

        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LOAN,
                r -> r.value().contains(loan) && EventTypes.LOAN_RETURNED.equals(TestKafka.header(r, "ce_type")), Duration.ofSeconds(20));
        assertEquals(EventTypes.LOAN_RETURNED, TestKafka.header(seen.get(seen.size() - 1), "ce_type"));
    }

    @Test
    void anOpdsBorrowLinkIsFollowedWithAnEmptyPost() {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        given().auth().oauth2(token(patron)).contentType(ContentType.JSON).when().post("/v1/loans?publicationId={id}", title)
                .then().statusCode(201).body("publicationId", equalTo(title.toString()));
        given().auth().oauth2(token(patron)).contentType(ContentType.JSON).when().post("/v1/loans")
                .then().statusCode(400).body("errors[0].field", equalTo("publicationId"));
    }

    @Test
    void badInputAndWrongCallersAreRefused() {
        UUID patron = UUID.randomUUID();
        given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/loans").then().statusCode(400).body("errors[0].field", equalTo("publicationId"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans?state=bogus").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("publicationId", UUID.randomUUID()))
                .when().post("/v1/loans").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().auth().oauth2(TestTokens.consortiumAdmin()).when().get("/v1/loans").then().statusCode(403);
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("", hasSize(0));
        given().when().get("/v1/policy").then().statusCode(200).body("loanDays", equalTo(21)).body("loanLimit", equalTo(5));
    }

    static Response borrow(UUID patron, UUID title, String idempotencyKey) {
        var request = given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body(Map.of("publicationId", title));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/v1/loans");
    }

    static String token(UUID patron) {
        return TestTokens.patron(patron, "091", LIBRARY);
    }
}
