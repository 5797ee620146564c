package fi.lainaamo.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages that need no service, the cookies' attributes and the CSRF check. The services' URLs point at a port
 * nothing listens on: what needs them is shown as unavailable (the journeys with the real services are system-test's
 * WebJourneysTest).
 */
@QuarkusTest
class PagesTest {

    @Test
    void theFrontPageInTheBrowsersLanguage() {
        given().get("/").then().statusCode(200).body(containsString("<html lang=\"fi\">"))
                .body(containsString("Siirry sisältöön")).body(containsString("<label for=\"q\">"));
        given().header("Accept-Language", "sv-FI,sv;q=0.9").get("/").then().statusCode(200)
                .body(containsString("<html lang=\"sv\">")).body(containsString("Hoppa till innehållet"));
        given().header("Accept-Language", "en").cookie("lainaamo-lang", "sv").get("/").then()
                .body(containsString("<html lang=\"sv\">"))
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }

    @Test
    void theLanguageSwitchIsRememberedInACookieAndGoesBackOnlyToThisSite() {
        Response switched = given().redirects().follow(false).get("/language/en?back=/search?q=x");
        switched.then().statusCode(303).header("Location", endsWith("/search?q=x"));
        String cookie = switched.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("lainaamo-lang=en"))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("Secure") && cookie.contains("SameSite=Lax"), cookie);
        given().redirects().follow(false).get("/language/en?back=//evil.example/").then().statusCode(303)
                .header("Location", endsWith("localhost:" + io.restassured.RestAssured.port + "/"));
    }

    @Test
    void everyFormCarriesACsrfTokenAndAPostWithoutItIsRefused() {
        Response form = given().get("/sign-in");
        form.then().statusCode(200).body(containsString("name=\"csrf-token\""));
        String cookie = form.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("csrf-token="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("Secure") && cookie.contains("SameSite=Lax"), cookie);
        given().contentType("application/x-www-form-urlencoded").formParam("cardNumber", "1").formParam("pin", "2")
                .post("/sign-in").then().statusCode(400);
        given().contentType("application/x-www-form-urlencoded").formParam("csrf-token", "forged")
                .cookie("csrf-token", form.getCookie("csrf-token")).formParam("cardNumber", "1").formParam("pin", "2")
                .post("/sign-in").then().statusCode(400);

        String token = form.htmlPath().getString("**.find { it.@name == 'csrf-token' }.@value");
        given().contentType("application/x-www-form-urlencoded").cookie("csrf-token", form.getCookie("csrf-token"))
                .formParam("csrf-token", token).formParam("cardNumber", "1").formParam("pin", "2")
                .post("/sign-in").then().statusCode(503).body(containsString("Kirjaston palvelu ei vastaa juuri nyt"));
    }

    @Test
    void theShelfAsksToSignInAndAForgedSessionIsNone() {
        given().redirects().follow(false).get("/shelf").then().statusCode(303)
                .header("Location", endsWith("/sign-in?back=%2Fshelf"));
        given().redirects().follow(false).cookie("lainaamo-session", "Zm9yZ2VkLXNlc3Npb24tY29va2llLXZhbHVlLXRoYXQtaXMtbG9uZw")
                .get("/shelf").then().statusCode(303);
    }

    @Test
    void readyAndTheVendoredHtmx() {
        given().get("/ready").then().statusCode(200).body(equalTo("UP"));
        given().get("/static/htmx-2.0.11.min.js").then().statusCode(200).body(containsString("htmx"));
        given().get("/static/app.css").then().statusCode(200).body(containsString(":focus-visible"));
    }
}
