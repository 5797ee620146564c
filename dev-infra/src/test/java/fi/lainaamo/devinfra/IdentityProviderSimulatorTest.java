package fi.lainaamo.devinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator keeps OpenID Connect's rules a client must follow: PKCE, the client secret, one use of a code. */
class IdentityProviderSimulatorTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private String tokenEndpoint;

    @Test
    void aCodeBecomesASignedIdTokenOnlyWithTheVerifierAndTheSecretAndOnlyOnce() throws Exception {
        try (IdentityProviderSimulator idp = IdentityProviderSimulator.start(0)) {
            JsonNode discovery = json.readTree(get(idp.url() + "/.well-known/openid-configuration").body());
            assertEquals(idp.url(), discovery.path("issuer").asText());
            tokenEndpoint = discovery.path("token_endpoint").asText();
            String verifier = "v".repeat(50);
            String redirect = "http://localhost:1/cb";
            String authorize = discovery.path("authorization_endpoint").asText() + "?response_type=code&client_id="
                    + IdentityProviderSimulator.CLIENT_ID + "&redirect_uri=" + redirect + "&scope=openid&state=s1&nonce=n1"
                    + "&code_challenge=" + IdentityProviderSimulator.s256(verifier) + "&code_challenge_method=S256";
            HttpResponse<String> page = get(authorize);
            assertTrue(page.body().contains("<label for=\"person\">") && page.body().contains("Test identification"), page.body());

            String code = codeFor(authorize);
            assertEquals(400, token(code, redirect, "w".repeat(50), IdentityProviderSimulator.CLIENT_SECRET).statusCode());
            code = codeFor(authorize); // the wrong verifier used the code up
            assertEquals(401, token(code, redirect, verifier, "wrong").statusCode());
            HttpResponse<String> tokens = token(code, redirect, verifier, IdentityProviderSimulator.CLIENT_SECRET);
            assertEquals(200, tokens.statusCode(), tokens.body());
            assertEquals(400, token(code, redirect, verifier, IdentityProviderSimulator.CLIENT_SECRET).statusCode());

            JwtClaims claims = new JwtConsumerBuilder().setExpectedIssuer(idp.url())
                    .setExpectedAudience(IdentityProviderSimulator.CLIENT_ID).setRequireExpirationTime()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                            new JsonWebKeySet(get(discovery.path("jwks_uri").asText()).body()).getJsonWebKeys()))
                    .build().processToClaims(json.readTree(tokens.body()).path("id_token").asText());
            assertEquals("test-person-3", claims.getSubject());
            assertEquals("n1", claims.getClaimValueAsString("nonce"));
            assertEquals("890", claims.getClaimValueAsString("municipality"));
            assertEquals("fi", claims.getClaimValueAsString("locale"));
        }
    }

    private String codeFor(String authorize) throws Exception {
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(authorize))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("person=test-person-3")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, back.statusCode());
        String location = back.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://localhost:1/cb?code=") && location.endsWith("&state=s1"), location);
        return location.substring(location.indexOf("code=") + 5, location.indexOf('&'));
    }

    private HttpResponse<String> token(String code, String redirect, String verifier, String secret) throws Exception {
        String form = "grant_type=authorization_code&code=" + code + "&redirect_uri=" + redirect + "&client_id="
                + IdentityProviderSimulator.CLIENT_ID + "&client_secret=" + secret + "&code_verifier=" + verifier;
        return http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
