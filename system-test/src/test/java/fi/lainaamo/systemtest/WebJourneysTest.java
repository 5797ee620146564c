package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The patron web app in a real browser ({@link Browser}: Debian's chromium, headless, driven by its chromedriver),
 * against the packaged web app and the four packaged services on real PostgreSQL and
 * Kafka ({@link SystemStack}). Every page a journey visits is checked with axe-core; a serious or critical
 * violation fails the test.
 *
 * <p>They live here rather than in a module of their own because {@link SystemStack}, the one launcher of the packaged
 * stack for tests, is in this module's test sources: the web app is one more packaged process it starts.
 */
class WebJourneysTest {

    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private static String web;
    private Browser b;
    private String journey = "journey";

    @org.junit.jupiter.api.BeforeEach
    void name(org.junit.jupiter.api.TestInfo test) {
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
    void aResidentSignsInSearchesBorrowsSeesItOnTheShelfAndReturnsIt() {
        String card = SystemStack.card("WEB");
        String token = SystemStack.patron(card, "091");
        String word = Browser.word();
        String name = "Kirjasto " + word;
        String publication = SystemStack.title(name, 2);
        Browser.epub(publication, name, List.of("Ensimmäinen luku\n\nJukolan talo eteläisessä Hämeessä."));
        Browser.awaitBorrowable(token, publication);

        b = Browser.open(web, journey, "fi", true);
        b.page("/");
        assertEquals("fi", b.driver.findElement(By.tagName("html")).getAttribute("lang"));
        b.fitsThePhone();

        b.click(By.linkText("Kirjaudu"));
        b.waitFor(By.id("cardNumber"));
        b.signIn(card, "4321");
        b.waitForText(By.tagName("h1"), "Oma hylly");
        b.waitFor(By.id("no-loans"));
        b.axe();

        b.click(By.linkText("Haku"));
        WebElement box = b.waitFor(By.id("q"));
        b.axe();
        // an inflected Finnish word ("in the library") finds the title "Kirjasto ..."
        box.sendKeys("kirjastossa " + word);
        b.click(By.xpath("//form[@role='search']//button"));
        b.waitFor(By.linkText(name));
        assertTrue(b.text(By.id("summary")).contains("1"), b.text(By.id("summary")));
        String hit = b.text(By.className("hit"));
        assertTrue(hit.contains("Aleksis Kivi") && hit.contains("E-kirja") && hit.contains("2/2 kappaletta vapaana"), hit);
        b.axe();
        b.fitsThePhone();

        String sessionBefore = b.driver.manage().getCookieNamed("lainaamo-session").getValue();
        b.click(By.linkText(name));
        b.waitForText(By.tagName("h1"), name);
        b.waitFor(By.xpath("//button[normalize-space()='Lainaa']"));
        b.axe();
        // the title page asked loan-service with a refreshed token (SystemStack.web): the cookie holds the rotated pair,
        // which the rest of the journey uses
        assertNotEquals(sessionBefore, b.driver.manage().getCookieNamed("lainaamo-session").getValue());

        b.click(By.xpath("//button[normalize-space()='Lainaa']"));
        b.waitForText(By.className("done"), "Lainattu");
        b.waitFor(By.xpath("//button[normalize-space()='Palauta']"));
        assertTrue(b.text(By.id("loan-state")).contains("Eräpäivä"), b.text(By.id("loan-state")));
        b.axe();

        b.click(By.linkText("Oma hylly"));
        b.waitFor(By.id("loans"));
        Instant due = Instant.parse(given().auth().oauth2(token).get(SystemStack.url(Service.LOAN, "/v1/shelf"))
                .then().statusCode(200).extract().path("loans[0].dueAt"));
        String dueText = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag("fi"))
                .format(due.atZone(HELSINKI));
        String loans = b.text(By.id("loans"));
        assertTrue(loans.contains(name) && loans.contains(dueText) && loans.matches("(?s).*\\d+ päivää? jäljellä.*"), loans);
        b.axe();

        // Read opens the built-in reader: the loan's signed fulfilment link (loan-service) leads to the title's
        // Readium manifest (catalog-service), and the first chapter is shown in the page
        b.click(By.xpath("//ul[@id='loans']//a[starts-with(normalize-space(), 'Lue')]"));
        b.waitForText(By.id("chapter"), "Jukolan talo");
        b.axe();
        b.fitsThePhone();
        b.click(By.linkText("Takaisin hyllyyn"));
        b.waitFor(By.id("loans"));

        b.click(By.xpath("//ul[@id='loans']//button[starts-with(normalize-space(), 'Palauta')]"));
        b.waitForText(By.className("done"), "Palautettu");
        b.waitFor(By.id("no-loans"));
        b.axe();
        assertEquals(0, given().auth().oauth2(token).get(SystemStack.url(Service.LOAN, "/v1/shelf"))
                .then().statusCode(200).extract().<List<?>>path("loans.findAll { it.state == 'active' }").size());
    }

    @Test
    void aRefusedBorrowShowsEveryReasonInWords() {
        String card = SystemStack.card("WEB");
        String token = SystemStack.patron(card, "091");
        String other = SystemStack.patron(SystemStack.card("WEB"), "049");
        int loanLimit = given().get(SystemStack.url(Service.LOAN, "/v1/policy")).then().statusCode(200).extract().path("loanLimit");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < loanLimit; i++) {
            others.add(SystemStack.title("Lainaraja " + i + " " + Browser.word(), 1));
        }
        String name = "Viimeinen kappale " + Browser.word();
        String publication = SystemStack.title(name, 1);
        for (String title : others) {
            Browser.awaitBorrowable(token, title);
        }
        Browser.awaitBorrowable(token, publication);
        for (String title : others.subList(0, loanLimit - 1)) {
            Browser.borrow(token, title);
        }

        // the page must still show Borrow when the state changes under it: it gets no live updates (which would
        // replace the button with the reasons as soon as the patron's own loan reaches it; WebLiveJourneysTest)
        b = Browser.open(web, journey, "fi", false).withoutLiveUpdates();
        b.page("/sign-in?back=/titles/" + publication);
        b.signIn(card, "4321");
        b.waitForText(By.tagName("h1"), name);
        b.waitFor(By.xpath("//button[normalize-space()='Lainaa']"));
        b.axe();

        // while the page shows Borrow, someone else takes the only copy and the patron reaches the loan limit elsewhere
        Browser.borrow(other, publication);
        Browser.borrow(token, others.get(loanLimit - 1));
        List<String> reasons = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response dryRun = given().auth().oauth2(token).header("Accept-Language", "fi").contentType(ContentType.JSON)
                    .body(Map.of("publicationId", publication)).post(SystemStack.url(Service.LOAN, "/v1/loans/dry-run"));
            List<String> codes = dryRun.path("reasons.code");
            if (codes == null || !codes.contains("loan-limit-reached") || codes.size() < 2) {
                return false;
            }
            reasons.clear();
            reasons.addAll(dryRun.<List<String>>path("reasons.detail"));
            return true;
        });

        b.click(By.xpath("//button[normalize-space()='Lainaa']"));
        WebElement refusal = b.waitFor(By.cssSelector(".problem[role=alert]"));
        List<String> shown = refusal.findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        assertEquals(reasons, shown, "every reason the API gave, in its words");
        assertTrue(shown.size() >= 2, shown.toString());
        assertFalse(b.driver.findElements(By.xpath("//button[normalize-space()='Lainaa']")).size() > 0,
                "no Borrow button once the reasons are known");
        b.axe();

        // no free copy is something a hold answers: the patron queues, then changes their mind
        b.click(By.xpath("//button[normalize-space()='Varaa']"));
        b.waitForText(By.className("done"), "Varaus tehty.");
        assertTrue(b.text(By.id("hold-state")).startsWith("Olet jonossa sijalla 1/1."), b.text(By.id("hold-state")));
        b.axe();
        b.click(By.xpath("//button[normalize-space()='Peru varaus']"));
        b.waitForText(By.className("done"), "Varaus peruttu.");
        b.waitFor(By.xpath("//button[normalize-space()='Varaa']"));
        b.axe();
    }

    @Test
    void theSwedishInterfaceEndToEnd() {
        String card = SystemStack.card("WEB");
        String token = SystemStack.patron(card, "049");
        String name = "Hästen " + Browser.word();
        String publication = SystemStack.title(name, 1);
        Browser.awaitBorrowable(token, publication);
        Instant due = Instant.parse(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication)).post(SystemStack.url(Service.LOAN, "/v1/loans"))
                .then().statusCode(201).extract().path("dueAt"));

        b = Browser.open(web, journey, "sv", false);
        b.page("/");
        assertEquals("sv", b.driver.findElement(By.tagName("html")).getAttribute("lang"));
        b.click(By.linkText("Logga in"));
        b.waitForText(By.tagName("h1"), "Logga in");
        b.axe();

        // a wrong PIN: the API's own explanation, in Swedish
        String expected = given().header("Accept-Language", "sv").contentType(ContentType.JSON)
                .body(Map.of("cardNumber", card, "pin", "0000")).post(SystemStack.url(Service.PATRON, "/v1/sign-in"))
                .then().statusCode(401).extract().path("detail");
        b.signIn(card, "0000");
        assertEquals(expected, b.waitFor(By.id("sign-in-problem")).getText());
        b.axe();

        b.signIn(card, "4321");
        b.waitForText(By.tagName("h1"), "Min hylla");
        b.waitFor(By.id("loans"));
        String loans = b.text(By.id("loans"));
        String dueText = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag("sv"))
                .format(due.atZone(HELSINKI));
        assertTrue(loans.contains(name) && loans.contains("Förfallodag " + dueText) && loans.matches("(?s).*\\d+ dagar? kvar.*"),
                loans);
        b.axe();

        b.click(By.xpath("//button[normalize-space()='Logga ut']"));
        b.waitForText(By.className("done"), "Du har loggat ut.");
        b.axe();
        b.page("/shelf");
        b.waitForText(By.tagName("h1"), "Logga in"); // signed out: the shelf asks to sign in again
    }
}
