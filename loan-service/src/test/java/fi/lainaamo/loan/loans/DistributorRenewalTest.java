package fi.lainaamo.loan.loans;

import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A distributor's loan is renewed at the distributor, with its end, or refused with the reason when it offers none. */
@QuarkusTest
class DistributorRenewalTest {

    @Test
    void aDistributorWithoutARenewalIsNamedAsTheReason() {
        UUID patron = UUID.randomUUID();
        String loan = borrow(patron, LicenseServiceStandIn.titleFromADistributor()).then().statusCode(201).extract().path("id");
        given().auth().oauth2(token(patron)).header("Accept-Language", "fi").post("/v1/loans/{id}/renew", loan).then()
                .statusCode(422).body("code", equalTo("renew-refused")).body("errors.code", hasItem("distributor-renewal-not-offered"));
        given().auth().oauth2(token(patron)).get("/v1/loans/{id}", loan).then().body("renewals", equalTo(0));
    }

    @Test
    void aDistributorsRenewalEndsWhenTheDistributorSays() {
        UUID patron = UUID.randomUUID();
        String loan = borrow(patron, LicenseServiceStandIn.titleFromARenewingDistributor()).then().statusCode(201).extract().path("id");
        Instant due = Instant.parse(given().auth().oauth2(token(patron)).get("/v1/loans/{id}", loan).then().extract().path("dueAt"));
        String renewedDue = given().auth().oauth2(token(patron)).post("/v1/loans/{id}/renew", loan).then().statusCode(200)
                .body("renewals", equalTo(1)).extract().path("dueAt");
        // the policy would add its loan length; the simulated distributor grants a day less, and its end is kept
        int policyDays = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("lainaamo.lending.loan-days", Integer.class);
        Instant asked = fi.lainaamo.loan.policy.DueDate.of(due, policyDays, 60, null);
        assertEquals(asked.minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.parse(renewedDue).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
