package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import io.restassured.response.Response;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The patron web app's later slice in a real browser ({@link Browser}): the live shelf over loan-service's SSE stream,
 * the built-in reader, the profile. axe-core on every page visited.
 */
class WebLiveJourneysTest {

    private static String web;
    private Browser b;
    private String journey = "journey";

    @BeforeEach
    void name(TestInfo test) {
        journey = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("journey");
    }

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
        web = SystemStack.web();
    }

    @AfterEach
    void closeBrowser() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aHoldBecomesReadyOnTheOpenShelfWithoutAReload() {
        String first = SystemStack.patron(SystemStack.card("LIVE"), "091");
        String card = SystemStack.card("LIVE");
        String second = SystemStack.patron(card, "091");
        String name = "Odotettu " + Browser.word();
        String publication = SystemStack.title(name, 1);
        Browser.awaitBorrowable(first, publication);
        Browser.borrow(first, publication);
        // the second patron's dry-run knows the copy is taken (availability travels by events)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(second)
                .contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .post(SystemStack.url(Service.LOAN, "/v1/loans/dry-run")).path("borrowable"), Boolean.FALSE::equals);

        b = Browser.open(web, journey, "fi", false);
        b.page("/sign-in?back=/titles/" + publication);
        b.signIn(card, "4321");
        b.waitForText(By.tagName("h1"), name);
        b.click(By.xpath("//button[normalize-space()='Varaa']"));
        b.waitForText(By.className("done"), "Varaus tehty.");
        assertTrue(b.text(By.id("hold-state")).startsWith("Olet jonossa sijalla 1/1."), b.text(By.id("hold-state")));
        b.axe();

        b.click(By.linkText("Oma hylly"));
        b.waitFor(By.id("holds"));
        assertTrue(b.text(By.id("holds")).contains(name) && b.text(By.id("holds")).contains("jonossa"), b.text(By.id("holds")));
        // the page listens (loan-service's first heartbeat came through the web app)
        b.wait.until(d -> "listening".equals(b.script("return document.body.dataset.live;")));
        b.axe();
        // marks a reload would lose (the window's) and a boosted page swap would lose (the heading)
        b.script("window.liveMark = 'still here'; document.querySelector('h1').dataset.liveMark = 'still here';");

        String loan = given().auth().oauth2(first).get(SystemStack.url(Service.LOAN, "/v1/shelf")).then().statusCode(200)
                .extract().path("loans.find { it.publicationId == '" + publication + "' }.id");
        given().auth().oauth2(first).post(SystemStack.url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);

        b.waitFor(By.cssSelector("#holds li.ready"));
        assertTrue(b.text(By.cssSelector("#holds li.ready")).contains("Noudettavissa"), b.text(By.id("holds")));
        b.waitForText(By.id("live-note"), "Varauksesi on noudettavissa.");
        assertEquals("still here", b.script("return window.liveMark;"), "the page was not reloaded");
        assertEquals("still here", b.script("return document.querySelector('h1').dataset.liveMark;"), "nor swapped whole");
        assertEquals(web + "/shelf", b.driver.getCurrentUrl());
        b.axe();
    }

    @Test
    void aResidentReadsInTheBuiltInReaderAndComesBackToTheSameChapter() {
        String card = SystemStack.card("READ");
        String token = SystemStack.patron(card, "091");
        String name = "Seitsemän " + Browser.word();
        String publication = SystemStack.title(name, 1);
        Browser.epub(publication, name, List.of(
                "Ensimmäinen luku\n\nJukolan talo eteläisessä Hämeessä seisoo erään mäen pohjoisella rinteellä.",
                "Toinen luku\n\nVeljekset lähtivät metsään.",
                "Kolmas luku\n\nTalvi tuli."));
        Browser.awaitBorrowable(token, publication);

        b = Browser.open(web, journey, "fi", true);
        b.page("/sign-in?back=/titles/" + publication);
        b.signIn(card, "4321");
        b.waitForText(By.tagName("h1"), name);
        b.click(By.xpath("//button[normalize-space()='Lainaa']"));
        b.waitForText(By.className("done"), "Lainattu");
        b.click(By.xpath("//a[normalize-space()='Lue']"));

        // the table of contents from the book's navigation document, and the first chapter's text in the page
        String toc = b.waitFor(By.id("toc")).getText();
        assertTrue(toc.contains("Ensimmäinen luku") && toc.contains("Toinen luku") && toc.contains("Kolmas luku"), toc);
        b.waitForText(By.id("chapter"), "Jukolan talo eteläisessä Hämeessä");
        assertEquals("Luku 1/3", b.text(By.id("chapter-number")));
        assertTrue(b.driver.findElements(By.id("previous-chapter")).isEmpty(), "no previous chapter before the first");
        b.axe();
        b.fitsThePhone();

        b.click(By.id("next-chapter"));
        b.waitForText(By.id("chapter"), "Veljekset lähtivät metsään.");
        assertEquals("Luku 2/3", b.text(By.id("chapter-number")));
        b.axe();

        double before = fontSize();
        b.click(By.id("font-bigger"));
        b.waitForText(By.id("chapter"), "Veljekset lähtivät metsään."); // the same chapter, larger
        assertTrue(fontSize() > before, "A+ makes the text larger: " + before + " -> " + fontSize());
        b.axe();

        // away to the shelf and back: the reader opens where the patron was, still in the larger size
        b.click(By.linkText("Takaisin hyllyyn"));
        b.waitFor(By.id("loans"));
        b.click(By.xpath("//ul[@id='loans']//a[starts-with(normalize-space(), 'Lue')]"));
        b.waitForText(By.id("chapter"), "Veljekset lähtivät metsään.");
        assertEquals("Luku 2/3", b.text(By.id("chapter-number")));
        assertTrue(fontSize() > before, "the size is kept");

        b.click(By.id("return-loan"));
        b.waitForText(By.className("done"), "Palautettu");
        b.waitFor(By.id("no-loans"));
        b.axe();
        assertEquals(0, given().auth().oauth2(token).get(SystemStack.url(Service.LOAN, "/v1/shelf"))
                .then().statusCode(200).extract().<List<?>>path("loans.findAll { it.state == 'active' }").size());
    }

    private double fontSize() {
        return fontSize(By.id("chapter"));
    }

    private double fontSize(By what) {
        return Double.parseDouble(String.valueOf(b.script(
                "return parseFloat(getComputedStyle(arguments[0]).fontSize);", b.driver.findElement(what))));
    }

    @Test
    void aPatronChangesTheirProfileDownloadsTheirDataAndErasesIt() {
        String card = SystemStack.card("PROF");
        String token = SystemStack.patron(card, "091");
        String email = "lukija-" + Browser.word() + "@example.com";

        b = Browser.open(web, journey, "fi", true);
        b.page("/sign-in?back=/profile");
        b.signIn(card, "4321");
        b.waitForText(By.tagName("h1"), "Omat tiedot");
        assertTrue(b.driver.findElement(By.id("notice-hold_ready_email")).isSelected(), "every channel by default");
        b.axe();
        b.fitsThePhone();

        WebElement field = b.driver.findElement(By.id("email"));
        field.clear();
        field.sendKeys(email);
        b.driver.findElement(By.id("notice-hold_ready_email")).click();
        b.driver.findElement(By.id("notice-hold_ready_push")).click();
        b.driver.findElement(By.id("notice-loan_due_in_app")).click();
        b.driver.findElement(By.id("history")).click();
        b.click(By.id("save-profile"));
        b.waitForText(By.className("done"), "Tiedot tallennettu.");
        b.axe();

        b.driver.navigate().refresh();
        b.waitForText(By.tagName("h1"), "Omat tiedot");
        assertEquals(email, b.driver.findElement(By.id("email")).getAttribute("value"));
        assertTrue(b.driver.findElement(By.id("notice-hold_ready_in_app")).isSelected());
        assertFalse(b.driver.findElement(By.id("notice-hold_ready_email")).isSelected());
        assertFalse(b.driver.findElement(By.id("notice-hold_ready_push")).isSelected());
        assertFalse(b.driver.findElement(By.id("notice-loan_due_in_app")).isSelected());
        assertTrue(b.driver.findElement(By.id("notice-loan_due_email")).isSelected());
        assertTrue(b.driver.findElement(By.id("history")).isSelected());
        b.axe();
        Response me = given().auth().oauth2(token).get(SystemStack.url(Service.PATRON, "/v1/patrons/me"));
        me.then().statusCode(200);
        assertEquals(email, me.path("email"));
        assertEquals(List.of("in-app"), me.path("notices.'hold-ready'"));
        assertEquals(List.of("email", "push"), me.<List<String>>path("notices.'loan-due'").stream().sorted().toList());
        assertEquals(Boolean.TRUE, me.path("loanHistoryOptIn"));

        // the export link downloads patron-service's document as a file (fetched here by the page itself, with its cookie)
        @SuppressWarnings("unchecked")
        Map<String, Object> download = (Map<String, Object>) ((JavascriptExecutor) b.driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var link = document.getElementById('export');
                fetch(link.href, {credentials: 'same-origin'}).then(function (r) {
                  return r.text().then(function (text) {
                    done({status: r.status, type: r.headers.get('Content-Type'),
                          disposition: r.headers.get('Content-Disposition'), body: text, download: link.hasAttribute('download')});
                  });
                }).catch(function (e) { done({status: -1, body: String(e)}); });
                """);
        assertEquals(200L, download.get("status"), String.valueOf(download.get("body")));
        assertTrue(String.valueOf(download.get("type")).startsWith("application/json"), String.valueOf(download.get("type")));
        assertTrue(String.valueOf(download.get("disposition")).startsWith("attachment; filename=\"lainaamo-"),
                String.valueOf(download.get("disposition")));
        assertEquals(Boolean.TRUE, download.get("download"));
        io.restassured.path.json.JsonPath export = new io.restassured.path.json.JsonPath(String.valueOf(download.get("body")));
        assertEquals(card, export.getString("profile.cardNumber"));
        assertEquals(email, export.getString("profile.email"));
        assertEquals(List.of("in-app"), export.getList("noticeChoices.'hold-ready'"));

        // erasing asks first; confirmed, the data is gone, the session ends and the card no longer signs in
        b.click(By.id("erase"));
        b.waitForText(By.tagName("h1"), "Poista tietoni");
        b.axe();
        b.driver.findElement(By.id("confirm")).click();
        b.click(By.id("erase-confirmed"));
        b.waitForText(By.className("done"), "Tietosi on poistettu");
        b.waitFor(By.linkText("Kirjaudu"));
        assertNull(b.driver.manage().getCookieNamed("lainaamo-session"));
        b.axe();
        given().contentType(ContentType.JSON).body(Map.of("cardNumber", card, "pin", "4321"))
                .post(SystemStack.url(Service.PATRON, "/v1/sign-in")).then().statusCode(401);
        b.page("/profile");
        b.waitForText(By.tagName("h1"), "Kirjaudu");
    }

    @Test
    void aDistributorsLcpTitleOpensInAReadingAppWithItsLicenceLink() throws Exception {
        // Anna Liisa: one copy for one user at the distributor (the simulator the stack runs), as FulfilmentTest uses it
        var distributor = SystemStack.get().distributor();
        given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.feedUrl(), "distributor", "simulator"))
                .post(SystemStack.url(Service.LICENSE, "/v1/imports/odl")).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String card = SystemStack.card("LCP");
        String token = SystemStack.patron(card, "091");
        String title = fi.lainaamo.events.PublicationIds.fromIdentifier("urn:isbn:9789527410011").toString();
        Browser.awaitBorrowable(token, title);
        String loan = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post(SystemStack.url(Service.LOAN, "/v1/loans")).then().statusCode(201).extract().path("id");
        try {
            b = Browser.open(web, journey, "en", false);
            b.page("/sign-in?back=/shelf");
            b.signIn(card, "4321");
            b.click(By.xpath("//ul[@id='loans']//a[starts-with(normalize-space(), 'Read')]"));
            b.waitForText(By.tagName("h1"), "Open in your reading app");
            assertTrue(b.text(By.id("in-app-explanation")).contains("Readium LCP"), b.text(By.id("in-app-explanation")));
            assertTrue(b.driver.findElement(By.id("licence-link")).getAttribute("href").endsWith("/loans/" + loan + "/read"));
            assertTrue(b.driver.findElements(By.id("chapter")).isEmpty(), "no built-in reader for a distributor's title");
            b.axe();
        } finally {
            // the copy goes back to the distributor before the next test that lends it
            given().auth().oauth2(token).post(SystemStack.url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);
            java.util.UUID licence = fi.lainaamo.devinfra.distributor.Catalogue.licenceId("9789527410011", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> distributor.checkoutsOf(licence).stream()
                    .allMatch(c -> c.status().name().equals("RETURNED")));
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get(SystemStack.url(Service.LICENSE, "/v1/publications/"
                    + title + "/availability")).<Integer>path("seatsFree"), free -> free != null && free == 1);
        }
    }
}
