package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff passwords are guarded as patrons' PINs are: wrong ones in a row lock the account, in the database. */
@QuarkusTest
class StaffLockoutTest {

    @Inject
    EntityManager em;

    @BeforeEach
    void cleanCountForThisMachine() {
        Fixtures.forgetFailedSignInsFromHere();
    }

    // every other test signs in as the bootstrap admin: its lock must not outlive this test
    @AfterEach
    void unlockTheBootstrapAdmin() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from sign_in_failure where account_hash = ?1")
                .setParameter(1, SignInFailures.staffHash("admin")).executeUpdate());
        Fixtures.forgetFailedSignInsFromHere();
    }

    @Test
    void wrongAdminPasswordsLockTheAdminEvenForTheRightOne() {
        Instant before = Instant.now();
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(staffSignIn("admin", "guess-" + i).statusCode());
        }
        assertEquals(List.of(401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429, 429), answers);

        Response locked = given().contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("username", "admin", "password", "lainaamo-admin")).when().post("/v1/staff/sign-in");
        locked.then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("sign-in-locked"))
                .body("title", equalTo("Liian monta yritystä"))
                .body("detail", containsString("salasanaa"))
                .body("lockedUntil", notNullValue());
        assertTrue(Instant.parse(locked.path("lockedUntil")).isAfter(before.plus(Duration.ofMinutes(14))), "locked for the configured 15 minutes");

        // kept in the database under a hash, not the username
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select account_hash from sign_in_failure where locked_until > now()").getResultList());
        assertTrue(rows.contains(SignInFailures.staffHash("admin")));
        assertTrue(rows.stream().noneMatch(r -> r.toString().contains("admin")));
    }

    @Test
    void aStaffAccountLocksWhateverTheLetterCaseOfItsUsername() {
        String username = "lukko-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "salasana-123", "role", "consortium-admin"))
                .when().post("/v1/staff").then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            staffSignIn(i % 2 == 0 ? username : username.toUpperCase(), "väärä").then().statusCode(401).body("code", equalTo("invalid-credentials"));
        }
        staffSignIn(username, "väärä").then().statusCode(429).body("code", equalTo("sign-in-locked"));
        staffSignIn(username, "salasana-123").then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void theRightPasswordClearsTheCount() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                staffSignIn("admin", "guess").then().statusCode(401);
            }
            staffSignIn("admin", "lainaamo-admin").then().statusCode(200);
        }
    }

    static Response staffSignIn(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/v1/staff/sign-in");
    }
}
