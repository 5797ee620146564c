package fi.lainaamo.patron.tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import fi.lainaamo.patron.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.patron.Fixtures.adminToken;
import static fi.lainaamo.patron.Fixtures.cardNumber;
import static fi.lainaamo.patron.Fixtures.claims;
import static fi.lainaamo.patron.Fixtures.header;
import static fi.lainaamo.patron.Fixtures.library;
import static fi.lainaamo.patron.Fixtures.municipality;
import static fi.lainaamo.patron.Fixtures.register;
import static fi.lainaamo.patron.Fixtures.signIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SignInResourceTest {

    @BeforeEach
    void cleanCountForThisMachine() {
        Fixtures.forgetFailedSignInsFromHere();
    }

    @Test
    void aPatronTokenCarriesWhoTheyAreAndWhereTheyBelong() {
        String municipality = municipality();
        String libraryId = library(municipality);
        String card = cardNumber();
        String id = register(card, "5555", municipality, "sv").then().statusCode(201).extract().path("id");
        String token = signIn(card.toLowerCase(), "5555").then().statusCode(200).body("expiresIn", equalTo(300)).extract().path("accessToken");

        JsonPath claims = claims(token);
        assertEquals("https://lainaamo.fi/patron-service", claims.getString("iss"));
        assertEquals(id, claims.getString("sub"));
        assertEquals(List.of("patron"), claims.getList("groups"));
        assertEquals(municipality, claims.getString("municipality"));
        assertEquals(libraryId, claims.getString("libraryId"));
        assertEquals("sv", claims.getString("lang"));
        assertEquals(300, claims.getLong("exp") - claims.getLong("iat"), "access tokens last five minutes");
        assertNotNull(claims.getString("jti"));
        assertFalse(token.contains(card), "no card number in the token");

        JsonPath header = header(token);
        assertEquals("RS256", header.getString("alg"));
        String publishedKid = given().when().get("/.well-known/jwks.json").then().extract().path("keys[0].kid");
        assertEquals(publishedKid, header.getString("kid"));
    }

    @Test
    void aWrongPinAndAnUnknownCardGetTheSameAnswer() {
        String municipality = municipality();
        library(municipality);
        String card = cardNumber();
        register(card, "2468", municipality, null).then().statusCode(201);

        Response wrongPin = signIn(card, "2469");
        Response unknownCard = signIn(cardNumber(), "2468");
        for (Response refused : List.of(wrongPin, unknownCard)) {
            refused.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("invalid-credentials"));
        }
        assertEquals(wrongPin.path("title"), unknownCard.<String>path("title"));
        assertEquals(wrongPin.path("detail"), unknownCard.<String>path("detail"));

        given().contentType(ContentType.JSON).header("Accept-Language", "sv")
                .body(Map.of("cardNumber", card, "pin", "0000"))
                .when().post("/v1/sign-in")
                .then().statusCode(401).body("title", equalTo("Inloggningen misslyckades"));
        given().contentType(ContentType.JSON).body(Map.of("cardNumber", card))
                .when().post("/v1/sign-in")
                .then().statusCode(400).body("errors.field", equalTo(List.of("pin")));
    }

    @Test
    void theBootstrapAdminSignsInAsTheSameConsortiumAdminEveryTime() {
        JsonPath first = claims(adminToken());
        JsonPath second = claims(adminToken());
        assertEquals(List.of("consortium-admin"), first.getList("groups"));
        assertEquals(first.getString("sub"), second.getString("sub"));
        UUID.fromString(first.getString("sub"));
        assertTrue(!first.getString("jti").equals(second.getString("jti")), "every token has its own id");

        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "wrong"))
                .when().post("/v1/staff/sign-in")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("invalid-credentials"));
        given().contentType(ContentType.JSON).body(Map.of("username", "root", "password", "lainaamo-admin"))
                .when().post("/v1/staff/sign-in")
                .then().statusCode(401).body("code", equalTo("invalid-credentials"));
    }

    @Test
    void aServiceClientGetsAServiceTokenThatThisServiceAccepts() {
        String token = clientCredentials("client_credentials", "loan-service", "loan-service-dev-secret")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300))
                .extract().path("access_token");
        JsonPath claims = claims(token);
        assertEquals("loan-service", claims.getString("sub"));
        assertEquals(List.of("service"), claims.getList("groups"));

        // verified (not 401) but a service is not a patron (403)
        given().auth().oauth2(token).when().get("/v1/patrons/me").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void aWrongClientSecretOrGrantTypeIsRefused() {
        clientCredentials("client_credentials", "loan-service", "guess")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("invalid-client"));
        clientCredentials("client_credentials", "no-such-service", "loan-service-dev-secret")
                .then().statusCode(401).body("code", equalTo("invalid-client"));
        clientCredentials("password", "loan-service", "loan-service-dev-secret")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("unsupported-grant-type"));
        given().contentType(ContentType.URLENC).header("Accept-Language", "fi").formParam("client_id", "loan-service")
                .when().post("/v1/oauth/token")
                .then().statusCode(400).body("title", equalTo("Valtuutustyyppiä ei tueta"));
    }

    static Response clientCredentials(String grantType, String clientId, String secret) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", grantType)
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .when().post("/v1/oauth/token");
    }
}
