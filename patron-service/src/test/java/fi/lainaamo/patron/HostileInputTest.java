package fi.lainaamo.patron;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Sign-in with a NUL in the card number or username was a 500; registration took a 10 MB body. Both are refused before
 * anything is looked up or stored.
 */
@QuarkusTest
class HostileInputTest {

    @Test
    void aNulInASignInIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"cardNumber\":\"1234\\u00005678\",\"pin\":\"1234\"}")
                .post("/v1/sign-in").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-characters")).body("errors[0].field", equalTo("cardNumber"));
        given().contentType(ContentType.JSON).body("{\"username\":\"ad\\u0000min\",\"password\":\"lainaamo-admin\"}")
                .post("/v1/staff/sign-in").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-characters")).body("errors[0].field", equalTo("username"));
    }

    @Test
    void aRegistrationOfTenMegabytesIsRefusedAsTooLarge() {
        String padding = "x".repeat(10_000_000);
        given().contentType(ContentType.JSON).header("Accept-Language", "sv")
                .body("{\"cardNumber\":\"HUGE0001\",\"pin\":\"4321\",\"municipality\":\"091\",\"padding\":\"" + padding + "\"}")
                .post("/v1/patrons").then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("body-too-large"))
                .body("detail", equalTo("Begärans innehåll är större än de 64 KiB som den här adressen tar emot; ingenting ändrades."));
    }

    @Test
    void aMultipartBodyCutShortIsTheClientsMistakeNotOurs() {
        // the API fuzzer's find (seed 13): the REST layer's form reader failed on it and the answer was a 500
        given().header("Accept-Language", "en").contentType("multipart/form-data; boundary=x")
                .body("{\"pin\":\"1234\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/sign-in").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request")).body("errors[0].code", equalTo("malformed-body"));
    }
}
