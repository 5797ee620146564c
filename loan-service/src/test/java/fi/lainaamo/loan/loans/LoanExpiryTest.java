package fi.lainaamo.loan.loans;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loan ends at its due date: it is never served as active after it, and the sweep ends it and tells license-service. */
@QuarkusTest
class LoanExpiryTest {

    @Inject
    LoanService loans;

    @Test
    void aLoanPastItsDueDateIsExpiredAtOnceAndEndedByTheSweep() {
        UUID patron = UUID.randomUUID();
        Response borrowed = borrow(patron, LicenseServiceStandIn.titleWhoseLicenceExpiresSoon()).then().statusCode(201).extract().response();
        String loan = borrowed.path("id");
        assertTrue(Instant.parse(borrowed.path("dueAt")).isBefore(Instant.now().plusSeconds(10)), "the licence's expiry shortens the loan");
        given().auth().oauth2(token(patron)).when().get("/v1/me/limits").then().body("loansUsed", equalTo(1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}", loan)
                .then().body("state", equalTo("expired")));
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("size()", equalTo(0));
        given().auth().oauth2(token(patron)).when().get("/v1/me/limits").then().body("loansUsed", equalTo(0));
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/status", loan).then().body("status", equalTo("expired"));
        given().auth().oauth2(token(patron)).when().put("/v1/loans/{id}/status/return", loan).then().statusCode(403)
                .body("type", equalTo("http://readium.org/license-status-document/error/return/expired"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/fulfilment", loan).then().statusCode(409);

        loans.expireDue(Instant.now(), 1000);
        var seen = TestKafka.readUntil(Topics.LOAN, r -> r.value().contains(loan) && EventTypes.LOAN_EXPIRED.equals(TestKafka.header(r, "ce_type")),
                Duration.ofSeconds(20));
        assertEquals(EventTypes.LOAN_EXPIRED, TestKafka.header(seen.get(seen.size() - 1), "ce_type"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}", loan).then().body("state", equalTo("expired"));
    }
}
