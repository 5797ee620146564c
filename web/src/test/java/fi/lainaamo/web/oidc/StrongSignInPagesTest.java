package fi.lainaamo.web.oidc;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Strong identification configured with a provider nothing listens on: the sign-in page offers it, and what cannot
 * go on is said in words (the whole flow with a real provider is system-test's StrongIdentificationJourneyTest).
 */
@QuarkusTest
@TestProfile(StrongSignInPagesTest.Configured.class)
class StrongSignInPagesTest {

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lainaamo.web.oidc.auth-server-url", "http://localhost:1",
                    "lainaamo.web.oidc.client-id", "web", "lainaamo.web.oidc.client-secret", "secret");
        }
    }

    @Test
    void theSignInPageOffersStrongIdentificationInEachLanguage() {
        given().get("/sign-in?back=/titles/x").then().statusCode(200)
                .body(containsString("href=\"/sign-in/oidc?back=%2Ftitles%2Fx\""))
                .body(containsString("Tunnistaudu vahvasti"));
        given().header("Accept-Language", "sv").get("/sign-in").then().body(containsString("Identifiera dig starkt"));
        given().header("Accept-Language", "en").get("/sign-in").then().body(containsString("Strong identification"));
    }

    @Test
    void aProviderThatDoesNotAnswerIsSaidInWords() {
        given().header("Accept-Language", "en").redirects().follow(false).get("/sign-in/oidc?back=/shelf").then()
                .statusCode(502).body(containsString("The identification service is not answering just now"));
    }

    @Test
    void aCallbackThatDidNotStartHereIsRefused() {
        given().header("Accept-Language", "en").get("/sign-in/oidc/callback?code=abc&state=xyz").then()
                .statusCode(400).body(containsString("did not start on this site"));
        given().header("Accept-Language", "en").cookie("lainaamo-oidc", "Zm9yZ2VkLXZhbHVlLXRoYXQtaXMtbG9uZy1lbm91Z2g")
                .get("/sign-in/oidc/callback?code=abc&state=xyz").then().statusCode(400);
    }
}
