package fi.lainaamo.catalog;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Partner systems read the OpenAPI document: every endpoint of the catalogue is in it. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDocumented() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/publications/{id}/withdraw"))
                .body(containsString("/v1/search"))
                .body(containsString("/v1/imports/onix"))
                .body(containsString("/v1/imports/{id}/records"))
                .body(containsString("/opds/publications/{id}"))
                .body(containsString("/opds/search"));
    }
}
