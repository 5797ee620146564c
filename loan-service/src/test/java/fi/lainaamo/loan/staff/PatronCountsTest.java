package fi.lainaamo.loan.staff;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.placeHold;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The librarian's counts of a patron's loans and holds: their own library's only; an admin's all; nobody else's. */
@QuarkusTest
class PatronCountsTest {

    @Test
    void aLibrarianCountsTheirLibrarysLoansAndHoldsOfAPatron() {
        UUID patron = UUID.randomUUID();
        UUID lent = LicenseServiceStandIn.titleWithCopies(1);
        UUID wanted = LicenseServiceStandIn.titleWithCopies(1);
        borrow(patron, lent).then().statusCode(201);
        borrow(UUID.randomUUID(), wanted).then().statusCode(201);
        placeHold(patron, wanted).then().statusCode(201);

        given().auth().oauth2(TestTokens.librarian(Lending.LIBRARY)).when().get("/v1/patrons/{id}/counts", patron)
                .then().statusCode(200).body("patronId", equalTo(patron.toString()))
                .body("activeLoans", equalTo(1)).body("waitingHolds", equalTo(1)).body("readyHolds", equalTo(0));
        given().auth().oauth2(TestTokens.consortiumAdmin()).when().get("/v1/patrons/{id}/counts", patron)
                .then().statusCode(200).body("activeLoans", equalTo(1)).body("waitingHolds", equalTo(1));
        // another library's librarian counts nothing of this patron
        given().auth().oauth2(TestTokens.librarian(UUID.randomUUID())).when().get("/v1/patrons/{id}/counts", patron)
                .then().statusCode(200).body("activeLoans", equalTo(0)).body("waitingHolds", equalTo(0));
        // a patron, even this one, is not staff
        given().auth().oauth2(Lending.token(patron)).when().get("/v1/patrons/{id}/counts", patron).then().statusCode(403);
        given().when().get("/v1/patrons/{id}/counts", patron).then().statusCode(401);
    }
}
