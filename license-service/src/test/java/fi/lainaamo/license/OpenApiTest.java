package fi.lainaamo.license;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** The published OpenAPI document carries the contracts loan-service and acquisitions staff rely on. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsSeatsImportsAndAcquisitionsEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/seats/{holdId}/lend"))
                .body(containsString("/v1/imports/odl"))
                .body(containsString("/v1/licences/{id}/reconcile"))
                .body(containsString("/v1/licences/expiring"))
                .body(containsString("/v1/licences/nearly-exhausted"))
                .body(containsString("/v1/repurchase-signals"))
                .body(containsString("heldUntil"));
    }
}
