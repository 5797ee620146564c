package fi.lainaamo.web.staff;

import fi.lainaamo.web.session.Session;
import fi.lainaamo.web.session.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

/**
 * The reports page's door without the services (their URLs point at a closed port): nobody signed in is sent to sign
 * in, a librarian may not fetch the admins' chart, and a chart or export asked with a bad municipality or month is
 * refused in words before report-service is asked. The page with real charts is system-test's ReportsConsoleJourneyTest.
 */
@QuarkusTest
class ReportPagesTest {

    @Inject
    SessionCookie cookies;

    private String sealed(String groups) {
        String payload = "{\"sub\":\"x\",\"groups\":" + groups + ",\"libraryId\":\"00000000-0000-0000-0000-000000000001\"}";
        String token = "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
        return cookies.encode(new Session(token, "refresh", Instant.now().plusSeconds(3600)), StaffSession.COOKIE);
    }

    @Test
    void nobodySignedInIsSentToSignIn() {
        given().redirects().follow(false).get("/staff/reports").then().statusCode(303)
                .header("Location", endsWith("/staff/sign-in?back=%2Fstaff%2Freports"));
        given().redirects().follow(false).get("/staff/reports/charts/loans.png?municipality=091&from=2026-01&to=2026-02").then().statusCode(303);
    }

    @Test
    void badInputIsRefusedInWordsAndTheAdminsChartIsNotForLibrarians() {
        String librarian = sealed("[\"librarian\"]");
        given().cookie(StaffSession.COOKIE, librarian).header("Accept-Language", "en")
                .get("/staff/reports/charts/loans.png?municipality=91&from=2026-01&to=2026-02").then().statusCode(400)
                .body(containsString("municipality code and months as YYYY-MM"));
        given().cookie(StaffSession.COOKIE, librarian).header("Accept-Language", "fi")
                .get("/staff/reports/export?municipality=091&from=2026-1&to=2026-02&format=csv").then().statusCode(400)
                .body(containsString("VVVV-KK"));
        given().cookie(StaffSession.COOKIE, librarian).get("/staff/reports/charts/holds-per-copy.png").then().statusCode(403);
        given().cookie(StaffSession.COOKIE, librarian).get("/staff/reports/charts/other.png?municipality=091&from=2026-01&to=2026-02")
                .then().statusCode(404);
    }
}
