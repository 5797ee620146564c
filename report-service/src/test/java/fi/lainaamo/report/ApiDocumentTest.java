package fi.lainaamo.report;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

/** Every report endpoint is in the OpenAPI document. */
@QuarkusTest
class ApiDocumentTest {

    @Test
    void theOpenApiDocumentListsEveryEndpoint() {
        var api = given().when().get("/q/openapi?format=json").then().statusCode(200);
        for (String path : new String[] {"/v1/reports/municipalities/{code}", "/v1/reports/loans/export", "/v1/reports/rebuild", "/v1/reports/acquisitions",
                "/v1/admin/dead-letters",
                "/v1/reports/charts/municipalities/{code}/loans.{format}", "/v1/reports/charts/loans-per-month.{format}",
                "/v1/reports/charts/municipalities/{code}/top-titles.{format}", "/v1/reports/charts/holds-per-copy.{format}"}) {
            api.body("paths.'" + path + "'", notNullValue());
        }
    }
}
