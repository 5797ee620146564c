package fi.lainaamo.patron.apps;

import fi.lainaamo.patron.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PartnerAppTest {

    @Test
    void aRegisteredPartnerAppGetsScopedClientCredentialsTokens() {
        String libraryId = Fixtures.library(Fixtures.municipality());
        Response registered = given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Kirjastojärjestelmä", "scopes", List.of("catalogue:read", "loans:read-own-library"), "libraryId", libraryId))
                .when().post("/v1/partner-apps");
        registered.then().statusCode(201).header("Cache-Control", "no-store")
                .body("clientId", notNullValue()).body("clientSecret", notNullValue());
        String clientId = registered.path("clientId");
        String secret = registered.path("clientSecret");

        String token = token(clientId, secret).then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("scope", equalTo("catalogue:read loans:read-own-library"))
                .extract().path("access_token");
        JsonPath claims = Fixtures.claims(token);
        assertEquals(List.of("partner-app"), claims.getList("groups"));
        assertEquals("catalogue:read loans:read-own-library", claims.getString("scope"));
        assertEquals(clientId, claims.getString("sub"));
        assertEquals(libraryId, claims.getString("libraryId"));

        token(clientId, secret + "x").then().statusCode(401).body("code", equalTo("invalid-client"));
        // the admin's list names the app and its scopes, never the secret
        String listed = given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/partner-apps")
                .then().statusCode(200)
                .body("find { it.clientId == '" + clientId + "' }.name", equalTo("Kirjastojärjestelmä"))
                .body("find { it.clientId == '" + clientId + "' }.scopes", equalTo(List.of("catalogue:read", "loans:read-own-library")))
                .body("find { it.clientId == '" + clientId + "' }.libraryId", equalTo(libraryId))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(listed.contains(secret), "the list must not show a secret");
        org.junit.jupiter.api.Assertions.assertFalse(listed.contains("secret"), "no secret field in the list");
        // a partner app is no admin
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("catalogue:read")))
                .when().post("/v1/partner-apps").then().statusCode(403);
        given().auth().oauth2(token).when().get("/v1/partner-apps").then().statusCode(403);
    }

    @Test
    void unknownScopesAndOwnLibraryScopesWithoutALibraryAreRefused() {
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Ahne", "scopes", List.of("patrons:write", "loans:read-own-library")))
                .when().post("/v1/partner-apps")
                .then().statusCode(422)
                .body("code", equalTo("unknown-scope"))
                .body("errors.code", equalTo(List.of("unknown-scope", "library-required")));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("catalogue:read")))
                .when().post("/v1/partner-apps").then().statusCode(401);
    }

    /** A publisher's app: its tokens carry its one publisher, which report-service's publisher data API is limited to. */
    @Test
    void aPublisherAppGetsItsPublisherInItsTokens() {
        Response registered = given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Kustantamon raportit", "scopes", List.of("reports:publisher"), "publisher", " Otava "))
                .when().post("/v1/partner-apps");
        registered.then().statusCode(201).body("publisher", equalTo("Otava")).body("scopes", equalTo(List.of("reports:publisher")));
        String clientId = registered.path("clientId");
        String token = token(clientId, registered.path("clientSecret")).then().statusCode(200)
                .body("scope", equalTo("reports:publisher")).extract().path("access_token");
        JsonPath claims = Fixtures.claims(token);
        assertEquals("Otava", claims.getString("publisher"));
        assertEquals("reports:publisher", claims.getString("scope"));
        assertEquals(List.of("partner-app"), claims.getList("groups"));
        given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/partner-apps").then().statusCode(200)
                .body("find { it.clientId == '" + clientId + "' }.publisher", equalTo("Otava"));
        // any other app's tokens name no publisher
        String libraryId = Fixtures.library(Fixtures.municipality());
        Response other = given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Muu", "scopes", List.of("reports:read-own-library"), "libraryId", libraryId))
                .when().post("/v1/partner-apps");
        String otherToken = token(other.path("clientId"), other.path("clientSecret")).then().statusCode(200).extract().path("access_token");
        org.junit.jupiter.api.Assertions.assertNull(Fixtures.claims(otherToken).get("publisher"));
    }

    @Test
    void thePublisherScopeNeedsAPublisherAndAPublisherNeedsTheScope() {
        String before = given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/partner-apps").then().statusCode(200).extract().asString();
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("name", "Ilman kustantajaa", "scopes", List.of("reports:publisher")))
                .when().post("/v1/partner-apps")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("publisher-required")).body("title", equalTo("Kustantaja puuttuu"));
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON).header("Accept-Language", "sv")
                .body(Map.of("name", "Fel", "scopes", List.of("catalogue:read"), "publisher", "Otava"))
                .when().post("/v1/partner-apps")
                .then().statusCode(422).body("code", equalTo("publisher-without-scope")).body("title", equalTo("Förlag utan förlagsbehörighet"));
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Tyhjä", "scopes", List.of("reports:publisher"), "publisher", "   "))
                .when().post("/v1/partner-apps")
                .then().statusCode(422).body("code", equalTo("invalid-publisher")).body("title", equalTo("Invalid publisher"));
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Pitkä", "scopes", List.of("reports:publisher"), "publisher", "x".repeat(201)))
                .when().post("/v1/partner-apps")
                .then().statusCode(400).body("code", equalTo("invalid-request"));
        // nothing was registered
        given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/partner-apps").then().statusCode(200)
                .body("size()", equalTo(JsonPath.from(before).getList("").size()));
    }

    static Response token(String clientId, String secret) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .when().post("/v1/oauth/token");
    }
}
