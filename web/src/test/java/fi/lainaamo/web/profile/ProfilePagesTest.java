package fi.lainaamo.web.profile;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

/** The profile's pages that need no service; the journeys with patron-service run in system-test's WebLiveJourneysTest. */
@QuarkusTest
class ProfilePagesTest {

    @Test
    void theProfileAndItsExportNeedASignedInPatron() {
        given().redirects().follow(false).get("/profile").then().statusCode(303)
                .header("Location", endsWith("/sign-in?back=%2Fprofile"));
        given().redirects().follow(false).get("/profile/export").then().statusCode(303)
                .header("Location", containsString("/sign-in"));
        given().redirects().follow(false).get("/profile/erase").then().statusCode(303)
                .header("Location", containsString("/sign-in"));
    }

    @Test
    void erasingWithoutTheFormsCsrfTokenIsRefused() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("confirm", "yes")
                .post("/profile/erase").then().statusCode(400);
    }

    @Test
    void theServiceWorkerIsServedFromTheRootSoItsScopeIsTheWholeApp() {
        given().get("/sw.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("showNotification"));
    }
}
