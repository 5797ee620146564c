package fi.lainaamo.platform.security;

import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** An expired access token is refused once a few seconds of clock skew have passed, not a minute later. */
@QuarkusTest
class TokenExpiryTest {

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
}
