package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff console's reports page in a real browser against the packaged web app, report-service and the other
 * services ({@link SystemStack}): after a Helsinki resident's loan, Helmet's librarian sees the loan in the month's
 * table, both charts load as images (relayed by the web app with the staff token), the export downloads with the
 * title in it; Piki's librarian is refused Helsinki's report; the consortium admin also sees holds per copy. axe-core
 * on every page.
 */
class ReportsConsoleJourneyTest {

    private static final String STAFF_PASSWORD = "kirjasto-salasana-1";

    private static String web;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
        web = SystemStack.web();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    @Test
    void aLibrarianSeesTheLoanInTheTableAndTheChartsAndAnotherLibrarysIsRefused() {
        String helmetLibrarian = librarian("Helmet");
        String pikiLibrarian = librarian("Piki");
        String patron = SystemStack.patron(SystemStack.card("RPC"), "091");
        String name = "Kaaviokirja " + Browser.word();
        String publication = SystemStack.title(name, 2);
        Browser.awaitBorrowable(patron, publication);
        Browser.borrow(patron, publication);
        String month = YearMonth.now(ZoneId.of("Europe/Helsinki")).toString();
        String admin = SystemStack.admin();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> given().auth().oauth2(admin)
                .queryParam("from", month).queryParam("to", month).get(SystemStack.url(Service.REPORT, "/v1/reports/municipalities/091"))
                .then().extract().<List<String>>path("topTitles.title"), titles -> titles != null && titles.contains(name));

        String librarianToken = given().contentType(ContentType.JSON).body(Map.of("username", helmetLibrarian, "password", STAFF_PASSWORD))
                .post(SystemStack.url(Service.PATRON, "/v1/staff/sign-in")).then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(librarianToken).queryParam("from", month).queryParam("to", month)
                .get(SystemStack.url(Service.REPORT, "/v1/reports/municipalities/091")).then().statusCode(200);

        // Helmet's librarian: sent to sign in, then the report of Helsinki for this month
        Browser staff = open("fi");
        staff.driver.get(web + "/staff/reports");
        staff.waitForText(By.tagName("h1"), "Henkilökunnan kirjautuminen");
        staffSignIn(staff, helmetLibrarian);
        // the page's images load in parallel: they must not sign the librarian out (SystemStack's web app refreshes the
        // tokens on every request, and a refresh token is used once)
        awaitImage(staff, "loans-chart");
        staff.page("/staff/reports?municipality=091&from=" + month + "&to=" + month);
        assertEquals("Raportit", staff.text(By.tagName("h1")), () -> staff.driver.getCurrentUrl() + "\n" + staff.driver.getPageSource());
        String loans = staff.text(By.xpath("//table[@id='loans-table']/tbody/tr[1]/td[1]"));
        assertTrue(Integer.parseInt(loans.replaceAll("\\D", "")) >= 1, "the month's loans in the table: " + loans);
        String titles = staff.text(By.id("titles-table"));
        assertTrue(titles.contains(name + " < 3"), "the title with one loan, shown as the small-cell rule says: " + titles);
        awaitImage(staff, "loans-chart");
        awaitImage(staff, "titles-chart");
        String alt = staff.driver.findElement(By.id("loans-chart")).getAttribute("alt");
        assertTrue(alt.startsWith("Viivakaavio kunnan 091 lainoista") && alt.contains("taulukossa"), alt);
        staff.axe();

        // the E-kirjasto export, downloaded through the web app with the browser's staff cookie only
        String csv = fetch(staff, staff.driver.findElement(By.id("export-csv")).getAttribute("href"));
        assertTrue(csv.startsWith("200 text/csv"), csv.substring(0, Math.min(80, csv.length())));
        assertTrue(csv.contains(name), "the title in the export");

        // on a phone the chart scales down with the page
        staff.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        staff.fitsThePhone();

        // Piki's librarian asks for Helsinki: report-service's refusal, in words, and no chart
        Browser piki = open("en");
        piki.driver.get(web + "/staff/sign-in?back=%2Fstaff%2Freports");
        staffSignIn(piki, pikiLibrarian);
        piki.page("/staff/reports?municipality=091&from=" + month + "&to=" + month);
        String refusal = piki.text(By.cssSelector("p.problem"));
        assertTrue(refusal.contains("091"), refusal);
        assertTrue(piki.driver.findElements(By.id("loans-chart")).isEmpty(), "no chart of another library's municipality");
        assertTrue(fetch(piki, web + "/staff/reports/charts/loans.png?municipality=091&from=" + month + "&to=" + month).startsWith("403"));

        // the consortium admin: any municipality, and holds per copy
        Browser consortium = open("sv");
        consortium.driver.get(web + "/staff/sign-in?back=%2Fstaff%2Freports");
        staffSignIn(consortium, "admin", "lainaamo-admin");
        consortium.page("/staff/reports?municipality=091&from=" + month + "&to=" + month);
        awaitImage(consortium, "loans-chart");
        consortium.waitFor(By.id("demand-heading"));
        if (!consortium.driver.findElements(By.id("demand-chart")).isEmpty()) {
            awaitImage(consortium, "demand-chart");
        }
        assertFalse(consortium.text(By.id("loans-heading")).isBlank());
        consortium.axe();
    }

    private Browser open(String language) {
        Browser browser = Browser.open(web, "reports", language, false);
        browsers.add(browser);
        return browser;
    }

    private static String librarian(String library) {
        String id = given().get(SystemStack.url(Service.PATRON, "/v1/libraries")).then().statusCode(200)
                .extract().path("find { it.names.fi == '" + library + "' }.id");
        String username = library.toLowerCase() + "-" + Browser.word();
        given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", STAFF_PASSWORD, "role", "librarian", "libraryId", id))
                .post(SystemStack.url(Service.PATRON, "/v1/staff")).then().statusCode(201);
        return username;
    }

    private static void staffSignIn(Browser browser, String username) {
        staffSignIn(browser, username, STAFF_PASSWORD);
    }

    private static void staffSignIn(Browser browser, String username, String password) {
        browser.waitFor(By.id("username")).sendKeys(username);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        Object before = browser.marker();
        browser.driver.findElement(By.xpath("//form[@action='/staff/sign-in']//button")).click();
        browser.awaitNewPage(before);
    }

    /** The image has loaded and has pixels: the browser got a PNG through the web app. */
    private static void awaitImage(Browser browser, String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> browser.script(
                "var i = document.getElementById(arguments[0]); return i != null && i.complete ? i.naturalWidth : 0;", id),
                width -> width instanceof Number n && n.intValue() > 0);
    }

    /** The browser fetches the address with its own cookies: "status content-type\nbody". */
    private static String fetch(Browser browser, String url) {
        return String.valueOf(((JavascriptExecutor) browser.driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1]; fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + (r.headers.get('content-type') || '') + '\\n' + t)))"
                        + ".catch(e => done('failed ' + e));", url));
    }
}
