package fi.lainaamo.platform.http;

import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

/** Every answer says nosniff; answers to a signed-in caller and to changes are never stored by a cache. */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void everyAnswerSaysNosniffWhoeverWroteIt() {
        given().get("/test/things/a").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
        given().get("/no/such/thing").then().statusCode(404).header("X-Content-Type-Options", "nosniff");
        given().get("/test/me").then().statusCode(401).header("X-Content-Type-Options", "nosniff");
        given().get("/q/openapi").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
        given().get("/swagger-ui/").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void anAnswerToASignedInCallerIsNeverStored() {
        String patron = TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID());
        given().auth().oauth2(patron).get("/test/me").then().statusCode(200).header("Cache-Control", "no-store");
        given().auth().oauth2(patron).get("/test/things/a").then().statusCode(200).header("Cache-Control", "no-store");
        given().auth().oauth2("not-a-token").get("/test/me").then().statusCode(401).header("Cache-Control", "no-store");
    }

    @Test
    void anAnswerToAChangeIsNeverStoredAndAPublicReadIsLeftAlone() {
        given().contentType(ContentType.JSON).body("{\"title\":\"x\"}").post("/test/notes").then().statusCode(200)
                .header("Cache-Control", "no-store");
        given().get("/test/things/a").then().statusCode(200).header("Cache-Control", nullValue());
    }
}
