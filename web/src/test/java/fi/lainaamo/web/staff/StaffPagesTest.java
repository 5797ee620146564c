package fi.lainaamo.web.staff;

import fi.lainaamo.web.session.Session;
import fi.lainaamo.web.session.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff console's door without the services (their URLs point at a closed port): who is sent to sign in, who
 * gets a 403 in words, the staff cookie that a patron's session cannot stand in for, and the product count the
 * import's progress bar is measured against. The journeys with the real services are system-test's
 * StaffConsoleJourneysTest.
 */
@QuarkusTest
class StaffPagesTest {

    @Inject
    SessionCookie cookies;

    private static String token(String groups) {
        String payload = "{\"sub\":\"x\",\"groups\":" + groups + ",\"libraryId\":\"00000000-0000-0000-0000-000000000001\"}";
        return "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    private String sealed(String groups, String cookie) {
        return cookies.encode(new Session(token(groups), "refresh", Instant.now().plusSeconds(3600)), cookie);
    }

    @Test
    void nobodySignedInIsSentToTheStaffSignInAndItsFormHasACsrfToken() {
        given().redirects().follow(false).get("/staff/patrons").then().statusCode(303)
                .header("Location", endsWith("/staff/sign-in?back=%2Fstaff%2Fpatrons"));
        given().get("/staff/sign-in").then().statusCode(200).body(containsString("name=\"csrf-token\""))
                .body(containsString("<label for=\"username\">Käyttäjätunnus</label>"));
        given().header("Accept-Language", "sv").get("/staff/sign-in").then().body(containsString("Inloggning för personal"));
    }

    @Test
    void aPatronsSessionGetsAForbiddenPageInWordsAndCannotBePastedAsAStaffCookie() {
        String patron = sealed("[\"patron\"]", SessionCookie.NAME);
        given().redirects().follow(false).cookie(SessionCookie.NAME, patron).get("/staff").then().statusCode(403)
                .body(containsString("Olet kirjautunut asiakkaana"));
        // the same sealed value under the staff cookie's name does not open
        given().redirects().follow(false).cookie(StaffSession.COOKIE, patron).get("/staff").then().statusCode(303);
        // a patron token sealed as staff (cannot come from the staff sign-in) is refused by role
        given().redirects().follow(false).cookie(StaffSession.COOKIE, sealed("[\"patron\"]", StaffSession.COOKIE))
                .get("/staff").then().statusCode(403);
    }

    @Test
    void aLibrarianSeesTheirPagesButNotTheAdminsOnes() {
        String librarian = sealed("[\"librarian\"]", StaffSession.COOKIE);
        given().cookie(StaffSession.COOKIE, librarian).header("Accept-Language", "en").get("/staff").then().statusCode(200)
                .body(containsString("You are signed in as a librarian.")).body(containsString("href=\"/staff/patrons\""));
        given().cookie(StaffSession.COOKIE, librarian).header("Accept-Language", "en").get("/staff/imports").then().statusCode(403)
                .body(containsString("This page is for consortium admins only."));
        String admin = sealed("[\"consortium-admin\"]", StaffSession.COOKIE);
        Response forms = given().cookie(StaffSession.COOKIE, admin).get("/staff/imports");
        forms.then().statusCode(200).body(containsString("enctype=\"multipart/form-data\"")).body(containsString("name=\"csrf-token\""));
        given().get("/static/staff.css").then().statusCode(200).body(containsString(".table-wrap"));
    }

    @Test
    void theStaffCookieIsHttpOnlySecureLaxAndOnlyForTheConsole() {
        Response signedOut = given().redirects().follow(false).cookie(StaffSession.COOKIE, sealed("[\"librarian\"]", StaffSession.COOKIE))
                .get("/staff/sign-in");
        signedOut.then().statusCode(200);
        String form = signedOut.htmlPath().getString("**.find { it.@name == 'csrf-token' }.@value");
        Response out = given().redirects().follow(false).cookie("csrf-token", signedOut.getCookie("csrf-token"))
                .cookie(StaffSession.COOKIE, sealed("[\"librarian\"]", StaffSession.COOKIE))
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", form).post("/staff/sign-out");
        out.then().statusCode(303);
        String cookie = out.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith(StaffSession.COOKIE + "="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("Path=/staff") && cookie.contains("SameSite=Lax") && cookie.contains("Secure")
                && cookie.toLowerCase().contains("httponly"), cookie);
    }

    @Test
    void theProgressBarsMaximumIsTheNumberOfProductsInTheFile() {
        String onix = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ONIXMessage xmlns=\"http://ns.editeur.org/onix/3.0/reference\"><Header/><Product><RecordReference>&e;</RecordReference></Product>"
                + "<Product/><Product/></ONIXMessage>";
        // no DTD or external entity is read: the undeclared entity stops the count there (catalog-service reports the rest)
        assertEquals(1, ImportPages.products(onix.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, ImportPages.products("<ONIXMessage><Header/><Product/><Product><a>x</a></Product><Product/></ONIXMessage>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, ImportPages.products("<ONIXmessage><product/><product/><product".getBytes(StandardCharsets.UTF_8)));
    }
}
