package fi.lainaamo.patron.tokens;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class JwksResourceTest {

    @Inject
    SigningKeys keys;

    @Test
    void theJwksPublishesOnlyThePublicHalfOfAnRsaKey() {
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .contentType("application/json")
                // the current key, and the previous one once a key has been rotated
                .body("keys.size()", org.hamcrest.Matchers.anyOf(equalTo(1), equalTo(2)))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].kid", notNullValue())
                .body("keys[0].n", notNullValue())
                .body("keys[0].e", equalTo("AQAB"))
                .body("keys", everyItem(not(hasKey("d"))))
                .body("keys", everyItem(not(hasKey("p"))))
                .body("keys", everyItem(not(hasKey("q"))))
                .body("keys", everyItem(not(hasKey("dp"))))
                .body("keys", everyItem(not(hasKey("dq"))))
                .body("keys", everyItem(not(hasKey("qi"))));
    }

    @Test
    void instancesStartingAgainAllKeepTheOneKey() throws Exception {
        long before = QuarkusTransaction.requiringNew().call(() -> SigningKey.count());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Void>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(() -> {
                keys.onStart(null);
                return null;
            });
        }
        for (Future<Void> start : pool.invokeAll(starts)) {
            start.get();
        }
        pool.shutdown();
        long count = QuarkusTransaction.requiringNew().call(() -> SigningKey.count());
        assertEquals(before, count, "a start on a database that has a key adds none");
    }
}
