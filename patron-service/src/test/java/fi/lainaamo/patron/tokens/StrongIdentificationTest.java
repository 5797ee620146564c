package fi.lainaamo.patron.tokens;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.lainaamo.patron.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Strong identification against Quarkus's OIDC test server: the test plays the app, runs the authorization-code flow
 * at the provider and posts the ID token the provider's token endpoint gave it.
 */
@QuarkusTest
class StrongIdentificationTest {

    @OidcWireMock
    WireMockServer provider;

    @ConfigProperty(name = "keycloak.url")
    String keycloakUrl;

    @Test
    void aFirstSignInRegistersTheResidentWithTheProvidersMunicipality() {
        String municipality = Fixtures.municipality();
        String libraryId = Fixtures.library(municipality);
        String person = "resident-" + UUID.randomUUID();
        residentAtProvider(person, municipality);

        String idToken = idTokenFromProvider(person);
        String token = signIn(idToken).then().statusCode(200).header("Cache-Control", "no-store")
                .extract().path("accessToken");
        JsonPath claims = Fixtures.claims(token);
        assertEquals(List.of("patron"), claims.getList("groups"));
        assertEquals(municipality, claims.getString("municipality"));
        assertEquals(libraryId, claims.getString("libraryId"));
        assertEquals("sv", claims.getString("lang"));
        given().auth().oauth2(token).when().get("/v1/patrons/me").then().statusCode(200)
                .body("municipality", equalTo(municipality));

        // the next sign-in finds the same patron
        String again = signIn(idTokenFromProvider(person)).then().statusCode(200).extract().path("accessToken");
        assertEquals(claims.getString("sub"), Fixtures.claims(again).getString("sub"));
    }

    @Test
    void aProviderTokenWithoutMunicipalityOrFromAnotherIssuerIsRefused() {
        // the provider does not say where this resident lives
        String person = "resident-" + UUID.randomUUID();
        residentAtProvider(person, null);
        signIn(idTokenFromProvider(person)).then().statusCode(422).contentType("application/problem+json").body("code", equalTo("municipality-missing"));

        // a token this service signed is not the provider's
        signIn(Fixtures.adminToken()).then().statusCode(401).body("code", equalTo("invalid-id-token"));
        signIn("not.a.token").then().statusCode(401);
    }

    @Test
    void aResidentOfAnUnservedMunicipalityIsToldSo() {
        String person = "resident-" + UUID.randomUUID();
        residentAtProvider(person, Fixtures.municipality());
        signIn(idTokenFromProvider(person)).then().statusCode(422).body("code", equalTo("municipality-not-served"));
    }

    /** The provider knows this resident: its token endpoint answers their code with an ID token about them. */
    private void residentAtProvider(String person, String municipality) {
        var claims = Jwt.claims()
                .issuer("https://server.example.com")
                .audience("https://server.example.com")
                .subject(person)
                .claim("locale", "sv-FI");
        if (municipality != null) {
            claims.claim("municipality", municipality);
        }
        // signed with the test server's own key, the one its JWKS publishes
        String idToken = claims.jws().keyId("1").sign("privateKey.jwk");
        provider.stubFor(post("/auth/realms/quarkus/token").atPriority(1)
                .withRequestBody(containing("code=" + person))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"unused\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\"}")));
    }

    /** The authorization-code flow as an app runs it: log in at the provider, exchange the code for tokens. */
    private String idTokenFromProvider(String person) {
        String redirect = "https://app.lainaamo.fi/callback";
        String location = given().redirects().follow(false)
                .queryParam("redirect_uri", redirect).queryParam("state", "s1")
                .when().get(keycloakUrl.replace("/auth", "") + "/login")
                .then().statusCode(302).extract().header("Location");
        assertNotNull(location);
        // the test server hands out one fixed code; the resident's own code stands for their login
        String code = person;
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "authorization_code")
                .formParam("code", code)
                .formParam("redirect_uri", redirect)
                .when().post(keycloakUrl + "/realms/quarkus/token")
                .then().statusCode(200).extract().path("id_token");
    }

    private static io.restassured.response.Response signIn(String idToken) {
        return given().contentType(ContentType.JSON).body(Map.of("idToken", idToken)).when().post("/v1/sign-in/oidc");
    }
}
