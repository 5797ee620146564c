package fi.lainaamo.loan.loans;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.placeHold;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/**
 * patron-service asks which loans its due-date notices may offer to renew: the renewal's own rules, read without
 * changing anything, only with a service token.
 */
@QuarkusTest
class RenewabilityTest {

    static final String PATRON_SERVICE = TestTokens.service("patron-service");

    @Test
    void aLoanIsRenewableUntilSomeoneWaitsAndAnEndedOrUnknownLoanIsNot() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID anna = UUID.randomUUID();
        String loan = borrow(anna, title).then().statusCode(201).extract().path("id");
        String returned = borrow(anna, UUID.randomUUID()).then().statusCode(201).extract().path("id");
        giveBack(anna, returned).then().statusCode(200);
        String unknown = UUID.randomUUID().toString();

        lookup(List.of(loan, returned, unknown, loan)).statusCode(200)
                .body("loans.loanId", contains(loan, returned, unknown))
                .body("loans.renewable", contains(true, false, false))
                .body("loans[0].reasons", empty())
                .body("loans[1].reasons", contains("loan-not-active"))
                .body("loans[2].reasons", contains("loan-not-active"));

        placeHold(UUID.randomUUID(), title).then().statusCode(201);
        lookup(List.of(loan)).statusCode(200)
                .body("loans[0].renewable", equalTo(false))
                .body("loans[0].reasons", contains("renew-people-waiting"));
        // nothing changed: the renewal itself says the same
        given().auth().oauth2(Lending.token(anna)).when().post("/v1/loans/{id}/renew", loan)
                .then().statusCode(422).body("errors.code", contains("renew-people-waiting"));
    }

    @Test
    void onlyServicesMayAskAndBadRequestsAreProblems() {
        Map<String, Object> one = Map.of("loanIds", List.of(UUID.randomUUID()));
        given().contentType(ContentType.JSON).body(one).when().post("/v1/renewals/lookup").then().statusCode(401);
        given().auth().oauth2(Lending.token(UUID.randomUUID())).contentType(ContentType.JSON).body(one).when().post("/v1/renewals/lookup")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(PATRON_SERVICE).header("Accept-Language", "fi").contentType(ContentType.JSON).body(Map.of("loanIds", List.of()))
                .when().post("/v1/renewals/lookup")
                .then().statusCode(400).body("errors[0].code", equalTo("loan-ids-required")).body("errors[0].title", equalTo("Lainatunnisteet puuttuvat"));
        List<String> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i <= LoanService.MAX_RENEWABILITY_IDS; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        lookup(tooMany).statusCode(400).body("errors[0].code", equalTo("too-many-loan-ids"));
    }

    private static ValidatableResponse lookup(List<String> ids) {
        return given().auth().oauth2(PATRON_SERVICE).contentType(ContentType.JSON).body(Map.of("loanIds", ids))
                .when().post("/v1/renewals/lookup").then();
    }
}
