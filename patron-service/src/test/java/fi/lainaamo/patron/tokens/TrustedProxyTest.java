package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static fi.lainaamo.patron.Fixtures.cardNumber;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Behind a trusted reverse proxy the limit counts the client the proxy forwarded (first X-Forwarded-For hop). */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindAProxy.class)
class TrustedProxyTest {

    /** The tests' own address is the proxy; three failures per address. */
    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1/32,::1/128",
                    "lainaamo.sign-in.address.max-failures", "3");
        }
    }

    @BeforeEach
    @AfterEach
    void cleanCount() {
        Fixtures.forgetFailedSignInsFromHere();
    }

    @Test
    void eachForwardedClientHasItsOwnCount() {
        for (int i = 0; i < 3; i++) {
            from("203.0.113.7").then().statusCode(401);
        }
        from("203.0.113.7").then().statusCode(429).body("code", equalTo("sign-in-rate-limited"));
        // the first hop is the client, whatever proxies follow
        from("203.0.113.7, 10.0.0.1").then().statusCode(429);
        from("203.0.113.8").then().statusCode(401).body("code", equalTo("invalid-credentials"));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        for (int i = 1; i <= 3; i++) {
            from("2001:db8:1:2::" + i).then().statusCode(401);
        }
        from("2001:db8:1:2:ffff:ffff:ffff:ffff").then().statusCode(429);
        from("2001:db8:1:3::1").then().statusCode(401);
    }

    private static Response from(String forwardedFor) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", forwardedFor)
                .body(Map.of("cardNumber", cardNumber(), "pin", "1234")).when().post("/v1/sign-in");
    }
}
