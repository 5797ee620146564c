package fi.lainaamo.platform.security;

import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * An expired access token is refused once a few seconds of clock skew have passed, not a minute later, also when it was
 * verified before and kept ({@link VerifiedTokens}); a kept token changed in any character is verified anew.
 */
@QuarkusTest
class TokenExpiryTest {

    @Inject
    JWTParser parser;

    @Test
    void aVerifiedTokenIsKept() throws ParseException {
        String token = TestTokens.patronExpiringAt(UUID.randomUUID(), Instant.now().plusSeconds(600));
        assertSame(parser.parse(token), parser.parse(token), "the second request's token is the one verified first");
    }

    @Test
    void aTokenThatExpiredTenSecondsAgoIsRefused() {
        String expired = TestTokens.patronExpiringAt(UUID.randomUUID(), Instant.now().minusSeconds(10));
        given().auth().oauth2(expired).get("/test/me").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void aTokenWithinTheClockSkewIsStillTaken() {
        String fresh = TestTokens.patronExpiringAt(UUID.randomUUID(), Instant.now().plusSeconds(60));
        given().auth().oauth2(fresh).get("/test/me").then().statusCode(200);
        String justExpired = TestTokens.patronExpiringAt(UUID.randomUUID(), Instant.now().minusSeconds(1));
        given().auth().oauth2(justExpired).get("/test/me").then().statusCode(200);
    }

    @Test
    void aKeptTokenIsRefusedOnceItExpires() throws InterruptedException {
        Instant expires = Instant.now().plusSeconds(2);
        String token = TestTokens.patronExpiringAt(UUID.randomUUID(), expires);
        given().auth().oauth2(token).get("/test/me").then().statusCode(200);
        given().auth().oauth2(token).get("/test/me").then().statusCode(200); // taken from what was verified
        Thread.sleep(Duration.between(Instant.now(), expires.plusSeconds(7)).toMillis()); // past the 5 s skew
        given().auth().oauth2(token).get("/test/me").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void aKeptTokenWithAnotherSignatureIsRefused() {
        String token = TestTokens.patronExpiringAt(UUID.randomUUID(), Instant.now().plusSeconds(600));
        given().auth().oauth2(token).get("/test/me").then().statusCode(200);
        int last = token.length() - 2; // the signature's last characters (the very last carries padding bits only)
        String forged = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.charAt(last + 1);
        given().auth().oauth2(forged).get("/test/me").then().statusCode(401);
        String otherClaims = TestTokens.patronExpiringAt(UUID.randomUUID(), Instant.now().plusSeconds(600));
        String spliced = otherClaims.substring(0, otherClaims.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        given().auth().oauth2(spliced).get("/test/me").then().statusCode(401); // another patron's claims, the kept signature
    }
}
