package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.patron.Fixtures.cardNumber;
import static fi.lainaamo.patron.Fixtures.signIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One client trying many cards: at most 20 failures per address in five minutes (the defaults), then 429. */
@QuarkusTest
class SignInsPerAddressTest {

    @Inject
    EntityManager em;

    @Inject
    SignInsPerAddress addresses;

    @BeforeEach
    @AfterEach
    void cleanCountForThisMachine() {
        Fixtures.forgetFailedSignInsFromHere();
    }

    @Test
    void manyCardsFromOneAddressAreRefusedAfterTwentyFailures() {
        TestPatron patron = Fixtures.patron();
        for (int i = 0; i < 20; i++) {
            // X-Forwarded-For is not believed without a trusted proxy: a new one per request changes nothing
            given().contentType(ContentType.JSON).header("X-Forwarded-For", "198.51.100." + i)
                    .body(Map.of("cardNumber", cardNumber(), "pin", "1234")).when().post("/v1/sign-in")
                    .then().statusCode(401).body("code", equalTo("invalid-credentials"));
        }
        Instant before = Instant.now();
        Response refused = given().contentType(ContentType.JSON).header("Accept-Language", "sv").header("X-Forwarded-For", "198.51.100.99")
                .body(Map.of("cardNumber", cardNumber(), "pin", "1234")).when().post("/v1/sign-in");
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("sign-in-rate-limited"))
                .body("title", equalTo("För många inloggningsförsök"))
                .body("lockedUntil", notNullValue())
                .body("retryAfter", notNullValue());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 301, "until the five-minute window ends: " + retryAfter);
        assertTrue(Instant.parse(refused.path("lockedUntil")).isBefore(before.plusSeconds(302)));

        // the right PIN of a real card, and the staff sign-in, are refused from here too until the window ends
        signIn(patron.card(), patron.pin()).then().statusCode(429).body("code", equalTo("sign-in-rate-limited"));
        StaffLockoutTest.staffSignIn("admin", "lainaamo-admin").then().statusCode(429).header("Retry-After", notNullValue());

        // one row, under a hash of the address: nothing in it says which address
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select address_hash || ' ' || failures from sign_in_address_failure").getResultList());
        assertEquals(1, rows.size(), rows.toString());
        String row = rows.get(0).toString();
        assertTrue(row.equals(ClientAddress.of("127.0.0.1").hash() + " 20") || row.equals(ClientAddress.of("::1").hash() + " 20"), row);
    }

    @Test
    void successfulSignInsDoNotCount() {
        TestPatron patron = Fixtures.patron();
        for (int i = 0; i < 30; i++) {
            signIn(patron.card(), patron.pin()).then().statusCode(200);
        }
        assertEquals(0, rowCount());
    }

    @Test
    void anEndedWindowNeitherRefusesNorStays() {
        TestPatron patron = Fixtures.patron();
        for (String here : List.of("127.0.0.1", "::1")) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into sign_in_address_failure (address_hash, failures, window_end) "
                    + "values (?1, 99, now() - interval '1 second')").setParameter(1, ClientAddress.of(here).hash()).executeUpdate());
        }
        signIn(patron.card(), patron.pin()).then().statusCode(200);
        // a failure after the window starts a new one
        signIn(patron.card(), "0000").then().statusCode(401);
        long counted = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from sign_in_address_failure where failures = 1 and window_end > now()").getSingleResult()).longValue());
        assertEquals(1, counted);

        addresses.forgetEndedWindows();
        assertEquals(1, rowCount(), "only the running window stays");
    }

    @Test
    void theApiDocumentSaysWhenSignInIsRefused() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/sign-in'.post.responses.'429'.headers.'Retry-After'", notNullValue())
                .body("paths.'/v1/staff/sign-in'.post.responses.'429'.headers.'Retry-After'", notNullValue())
                .body("paths.'/v1/sign-in'.post.responses.'429'.description", containsString("sign-in-rate-limited"));
    }

    private long rowCount() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from sign_in_address_failure").getSingleResult()).longValue());
    }
}
