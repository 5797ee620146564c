package fi.lainaamo.loan;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Every lending endpoint is in the OpenAPI document, and the policy is readable without a token. */
@QuarkusTest
class ApiDocumentTest {

    @Test
    void theOpenApiDocumentListsEveryEndpoint() {
        var api = given().when().get("/q/openapi?format=json").then().statusCode(200);
        for (String path : new String[] {"/v1/loans", "/v1/loans/dry-run", "/v1/loans/{id}/renew", "/v1/loans/{id}/status",
                "/v1/loans/{id}/status/return", "/v1/loans/{id}/status/renew", "/v1/loans/{id}/fulfilment", "/v1/loans/history",
                "/v1/fulfilment/{loanId}", "/v1/holds", "/v1/holds/{id}", "/v1/holds/{id}/suspend", "/v1/holds/{id}/resume",
                "/v1/shelf", "/opds/shelf", "/v1/me/limits", "/v1/me/events", "/v1/policy", "/v1/gdpr/patrons/{patronId}", "/v1/seat-holders/lookup"}) {
            api.body("paths.'" + path + "'", notNullValue());
        }
    }

    @Test
    void thePolicyIsPublic() {
        given().when().get("/v1/policy").then().statusCode(200).body("loanDays", equalTo(21)).body("loanLimit", equalTo(5))
                .body("holdLimit", equalTo(5)).body("readyWindowDays", equalTo(3)).body("renewalLimit", equalTo(1));
    }
}
