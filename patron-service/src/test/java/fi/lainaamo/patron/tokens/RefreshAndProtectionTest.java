package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.patron.Fixtures.signIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RefreshAndProtectionTest {

    @Inject
    EntityManager em;

    @BeforeEach
    void cleanCountForThisMachine() {
        Fixtures.forgetFailedSignInsFromHere();
    }

    @Test
    void aRefreshTokenIsSingleUseAndRotates() {
        TestPatron patron = Fixtures.patron();
        Response first = refresh(patron.refreshToken());
        first.then().statusCode(200).header("Cache-Control", "no-store")
                .body("accessToken", notNullValue()).body("refreshToken", notNullValue());
        String next = first.path("refreshToken");
        assertNotEquals(patron.refreshToken(), next);
        assertEquals(patron.id(), Fixtures.claims(first.path("accessToken")).getString("sub"));
        given().auth().oauth2(first.<String>path("accessToken")).when().get("/v1/patrons/me").then().statusCode(200);

        // the old one again: refused, and the whole sign-in ends (the newer token too), since one of them was copied
        refresh(patron.refreshToken()).then().statusCode(401).contentType("application/problem+json").body("code", equalTo("invalid-refresh-token"));
        refresh(next).then().statusCode(401);
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        TestPatron patron = Fixtures.patron();
        long plain = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from refresh_token where token_hash = ?1").setParameter(1, patron.refreshToken()).getSingleResult()).longValue());
        assertEquals(0, plain);
        long hashed = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from refresh_token where subject = ?1").setParameter(1, patron.id()).getSingleResult()).longValue());
        assertEquals(1, hashed);
    }

    @Test
    void signingOutEndsTheRefreshToken() {
        TestPatron patron = Fixtures.patron();
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", patron.refreshToken()))
                .when().post("/v1/sign-out").then().statusCode(204);
        refresh(patron.refreshToken()).then().statusCode(401);
        refresh("made-up").then().statusCode(401).body("code", equalTo("invalid-refresh-token"));
    }

    @Test
    void staffTokensRefreshToo() {
        String refreshToken = given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "lainaamo-admin"))
                .when().post("/v1/staff/sign-in").then().statusCode(200).extract().path("refreshToken");
        String access = refresh(refreshToken).then().statusCode(200).extract().path("accessToken");
        assertEquals(List.of("consortium-admin"), Fixtures.claims(access).getList("groups"));
    }

    @Test
    void repeatedWrongPinsLockTheCardUntilATimeTheAnswerStates() {
        TestPatron patron = Fixtures.patron();
        for (int i = 1; i < 5; i++) {
            signIn(patron.card(), "0000").then().statusCode(401).body("code", equalTo("invalid-credentials"));
        }
        Instant before = Instant.now();
        Response locked = signIn(patron.card(), "0000");
        locked.then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("sign-in-locked"))
                .body("lockedUntil", notNullValue())
                .body("retryAfter", notNullValue());
        Instant until = Instant.parse(locked.path("lockedUntil"));
        assertTrue(until.isAfter(before.plus(Duration.ofMinutes(14))), "locked for the configured 15 minutes");
        assertTrue(locked.<String>path("detail").contains(locked.<String>path("lockedUntil")), "the detail says until when");

        // even the right PIN is refused now, in any letter case of the card
        signIn(patron.card().toLowerCase(), patron.pin()).then().statusCode(429).body("code", equalTo("sign-in-locked"));

        // the lock is in the database (every instance sees it), keyed without the card number
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select account_hash from sign_in_failure where locked_until > now()").getResultList());
        assertTrue(rows.stream().noneMatch(r -> r.toString().contains(patron.card())));
        assertTrue(rows.contains(SignInFailures.cardHash(patron.card())));
    }

    @Test
    void wrongPinsAtTheSameMomentAreAllCounted() throws Exception {
        TestPatron patron = Fixtures.patron();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Callable<Integer>> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() -> signIn(patron.card(), "0000").statusCode());
        }
        List<Integer> answers = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> answer : pool.invokeAll(attempts)) {
            answers.add(answer.get());
        }
        pool.shutdown();
        // the fifth failure locks the card, whichever request it was: no more than four plain refusals
        assertTrue(answers.stream().filter(s -> s == 401).count() <= 4, answers.toString());
        signIn(patron.card(), patron.pin()).then().statusCode(429);
    }

    @Test
    void aRightPinClearsTheCount() {
        TestPatron patron = Fixtures.patron();
        for (int i = 0; i < 4; i++) {
            signIn(patron.card(), "0000").then().statusCode(401);
        }
        signIn(patron.card(), patron.pin()).then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            signIn(patron.card(), "0000").then().statusCode(401);
        }
        signIn(patron.card(), patron.pin()).then().statusCode(200);
    }

    @Test
    void keyRotationKeepsEarlierTokensValid() {
        TestPatron patron = Fixtures.patron();
        String admin = Fixtures.adminToken();
        String oldKid = Fixtures.header(patron.token()).getString("kid");

        given().auth().oauth2(patron.token()).when().post("/v1/admin/keys/rotate").then().statusCode(403);
        String newKid = given().auth().oauth2(admin).when().post("/v1/admin/keys/rotate").then().statusCode(200).extract().path("kid");
        assertNotEquals(oldKid, newKid);

        given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys", hasSize(2))
                .body("keys[0].kid", equalTo(newKid))
                .body("keys.kid", hasItems(newKid, oldKid));
        String fresh = signIn(patron.card(), patron.pin()).then().statusCode(200).extract().path("accessToken");
        assertEquals(newKid, Fixtures.header(fresh).getString("kid"));

        // both verify: the one signed before the rotation and the one after
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me").then().statusCode(200);
        given().auth().oauth2(fresh).when().get("/v1/patrons/me").then().statusCode(200);
        assertFalse(fresh.equals(patron.token()));
    }

    static Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).when().post("/v1/token/refresh");
    }
}
