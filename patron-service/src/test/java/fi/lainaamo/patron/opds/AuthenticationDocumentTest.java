package fi.lainaamo.patron.opds;

import fi.lainaamo.devinfra.StandardSchemas;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AuthenticationDocumentTest {

    @Test
    void theDocumentIsPublicAndValidAgainstTheOpdsSchema() {
        String body = given().when().get("/v1/opds/authentication")
                .then().statusCode(200)
                .contentType("application/opds-authentication+json")
                .body("authentication.type", hasItem("http://opds-spec.org/auth/basic"))
                .body("authentication.type", hasItem("http://opds-spec.org/auth/oauth/implicit"))
                .body("authentication[0].links.find { it.rel == 'authenticate' }.href", containsString("/v1/sign-in"))
                .extract().asString();

        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_AUTHENTICATION, body));
    }

    @Test
    void aProtectedResourceLinksToIt() {
        given().when().get("/v1/patrons/me")
                .then().statusCode(401)
                .header("Link", containsString("/v1/opds/authentication>; rel=\"http://opds-spec.org/auth/document\""))
                .body("code", equalTo("unauthenticated"));
    }
}
