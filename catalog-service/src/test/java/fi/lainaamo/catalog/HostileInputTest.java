package fi.lainaamo.catalog;

import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * A NUL, another control character or a lone surrogate in a search or a publication was a 500 (PostgreSQL refuses NUL)
 * or stored as "?"; now it is a 400 invalid-characters naming where it was, and nothing is stored.
 */
@QuarkusTest
class HostileInputTest {

    @Test
    void aNulInASearchIsRefusedNamingTheParameter() {
        for (String search : new String[] {"/v1/search", "/opds/search"}) {
            given().urlEncodingEnabled(false).get(search + "?q=abc%00def").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid-characters"))
                    .body("errors[0].code", equalTo("invalid-characters-in-query")).body("errors[0].field", equalTo("q"));
        }
        given().queryParam("q", "Seitsemän veljestä").get("/v1/search").then().statusCode(200);
    }

    @Test
    void aPublicationWithANulOrALoneSurrogateIsRefused() {
        String admin = TestTokens.consortiumAdmin();
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body("{\"title\":\"abc\\u0000def\",\"format\":\"EBOOK\",\"language\":\"fin\",\"authors\":[\"Kivi\\ud800\"]}")
                .post("/v1/publications").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-characters"))
                .body("errors.field", contains("title", "authors[0]"))
                .body("errors[0].detail", equalTo("Kentässä title on merkki, jota ei voida hyväksyä."));
    }
}
