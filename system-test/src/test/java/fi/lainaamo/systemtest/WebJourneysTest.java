package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The patron web app in a real browser: Debian's chromium, headless, driven by its chromedriver (both paths set, so
 * Selenium downloads nothing), against the packaged web app and the four packaged services on real PostgreSQL and
 * Kafka ({@link SystemStack}). Every page a journey visits is checked with axe-core; a serious or critical
 * violation fails the test.
 *
 * <p>They live here rather than in a module of their own because {@link SystemStack}, the one launcher of the packaged
 * stack for tests, is in this module's test sources: the web app is one more packaged process it starts.
 */
class WebJourneysTest {

    /** axe-core 4.14.1 (MPL-2.0), from the npm package axe-core, committed as published. */
    private static final String AXE = resource("/axe/axe.min.js");
    private static final String CHROMIUM = System.getProperty("lainaamo.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("lainaamo.chromedriver", "/usr/bin/chromedriver");
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private static String web;
    private WebDriver browser;
    private WebDriverWait wait;
    private final List<String> checkedPages = new ArrayList<>();
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
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aResidentSignsInSearchesBorrowsSeesItOnTheShelfAndReturnsIt() {
        String card = SystemStack.card("WEB");
        String token = SystemStack.patron(card, "091");
        String word = word();
        String name = "Kirjasto " + word;
        String publication = SystemStack.title(name, 2);
        awaitBorrowable(token, publication);

        open("fi", true);
        page("/");
        assertEquals("fi", browser.findElement(By.tagName("html")).getAttribute("lang"));
        fitsThePhone();

        click(By.linkText("Kirjaudu"));
        waitFor(By.id("cardNumber"));
        signIn(card, "4321");
        waitForText(By.tagName("h1"), "Oma hylly");
        waitFor(By.id("no-loans"));
        axe();

        click(By.linkText("Haku"));
        WebElement box = waitFor(By.id("q"));
        axe();
        // an inflected Finnish word ("in the library") finds the title "Kirjasto ..."
        box.sendKeys("kirjastossa " + word);
        click(By.xpath("//form[@role='search']//button"));
        waitFor(By.linkText(name));
        assertTrue(text(By.id("summary")).contains("1"), text(By.id("summary")));
        String hit = text(By.className("hit"));
        assertTrue(hit.contains("Aleksis Kivi") && hit.contains("E-kirja") && hit.contains("2/2 kappaletta vapaana"), hit);
        axe();
        fitsThePhone();

        String sessionBefore = browser.manage().getCookieNamed("lainaamo-session").getValue();
        click(By.linkText(name));
        waitForText(By.tagName("h1"), name);
        waitFor(By.xpath("//button[normalize-space()='Lainaa']"));
        axe();
        // the title page asked loan-service with a refreshed token (SystemStack.web): the cookie holds the rotated pair,
        // which the rest of the journey uses
        assertNotEquals(sessionBefore, browser.manage().getCookieNamed("lainaamo-session").getValue());

        click(By.xpath("//button[normalize-space()='Lainaa']"));
        waitForText(By.className("done"), "Lainattu");
        waitFor(By.xpath("//button[normalize-space()='Palauta']"));
        assertTrue(text(By.id("loan-state")).contains("Eräpäivä"), text(By.id("loan-state")));
        axe();

        click(By.linkText("Oma hylly"));
        WebElement loans = waitFor(By.id("loans"));
        Instant due = Instant.parse(given().auth().oauth2(token).get(SystemStack.url(Service.LOAN, "/v1/shelf"))
                .then().statusCode(200).extract().path("loans[0].dueAt"));
        String dueText = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag("fi"))
                .format(due.atZone(HELSINKI));
        assertTrue(loans.getText().contains(name) && loans.getText().contains(dueText)
                && loans.getText().matches("(?s).*\\d+ päivää? jäljellä.*"), loans.getText());
        axe();

        // Read follows the loan's signed fulfilment link (loan-service), which hands over the title's content (catalog-service)
        browser.findElement(By.xpath("//ul[@id='loans']//a[starts-with(normalize-space(), 'Lue')]")).click();
        wait.until(ExpectedConditions.urlContains(SystemStack.url(Service.CATALOG, "/v1/publications/" + publication)));
        page("/shelf");
        waitFor(By.id("loans"));

        click(By.xpath("//ul[@id='loans']//button[starts-with(normalize-space(), 'Palauta')]"));
        waitForText(By.className("done"), "Palautettu");
        waitFor(By.id("no-loans"));
        axe();
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
            others.add(SystemStack.title("Lainaraja " + i + " " + word(), 1));
        }
        String name = "Viimeinen kappale " + word();
        String publication = SystemStack.title(name, 1);
        for (String title : others) {
            awaitBorrowable(token, title);
        }
        awaitBorrowable(token, publication);
        for (String title : others.subList(0, loanLimit - 1)) {
            borrow(token, title);
        }

        open("fi", false);
        page("/sign-in?back=/titles/" + publication);
        signIn(card, "4321");
        waitForText(By.tagName("h1"), name);
        waitFor(By.xpath("//button[normalize-space()='Lainaa']"));
        axe();

        // while the page shows Borrow, someone else takes the only copy and the patron reaches the loan limit elsewhere
        borrow(other, publication);
        borrow(token, others.get(loanLimit - 1));
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

        click(By.xpath("//button[normalize-space()='Lainaa']"));
        WebElement refusal = waitFor(By.cssSelector(".problem[role=alert]"));
        List<String> shown = refusal.findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        assertEquals(reasons, shown, "every reason the API gave, in its words");
        assertTrue(shown.size() >= 2, shown.toString());
        assertFalse(browser.findElements(By.xpath("//button[normalize-space()='Lainaa']")).size() > 0,
                "no Borrow button once the reasons are known");
        axe();

        // no free copy is something a hold answers: the patron queues, then changes their mind
        click(By.xpath("//button[normalize-space()='Varaa']"));
        waitForText(By.className("done"), "Varaus tehty.");
        assertTrue(text(By.id("hold-state")).startsWith("Olet jonossa sijalla 1/1."), text(By.id("hold-state")));
        axe();
        click(By.xpath("//button[normalize-space()='Peru varaus']"));
        waitForText(By.className("done"), "Varaus peruttu.");
        waitFor(By.xpath("//button[normalize-space()='Varaa']"));
        axe();
    }

    @Test
    void theSwedishInterfaceEndToEnd() {
        String card = SystemStack.card("WEB");
        String token = SystemStack.patron(card, "049");
        String name = "Hästen " + word();
        String publication = SystemStack.title(name, 1);
        awaitBorrowable(token, publication);
        Instant due = Instant.parse(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication)).post(SystemStack.url(Service.LOAN, "/v1/loans"))
                .then().statusCode(201).extract().path("dueAt"));

        open("sv", false);
        page("/");
        assertEquals("sv", browser.findElement(By.tagName("html")).getAttribute("lang"));
        click(By.linkText("Logga in"));
        waitForText(By.tagName("h1"), "Logga in");
        axe();

        // a wrong PIN: the API's own explanation, in Swedish
        String expected = given().header("Accept-Language", "sv").contentType(ContentType.JSON)
                .body(Map.of("cardNumber", card, "pin", "0000")).post(SystemStack.url(Service.PATRON, "/v1/sign-in"))
                .then().statusCode(401).extract().path("detail");
        signIn(card, "0000");
        assertEquals(expected, waitFor(By.id("sign-in-problem")).getText());
        axe();

        signIn(card, "4321");
        waitForText(By.tagName("h1"), "Min hylla");
        String loans = waitFor(By.id("loans")).getText();
        String dueText = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag("sv"))
                .format(due.atZone(HELSINKI));
        assertTrue(loans.contains(name) && loans.contains("Förfallodag " + dueText) && loans.matches("(?s).*\\d+ dagar? kvar.*"),
                loans);
        axe();

        click(By.xpath("//button[normalize-space()='Logga ut']"));
        waitForText(By.className("done"), "Du har loggat ut.");
        axe();
        page("/shelf");
        waitForText(By.tagName("h1"), "Logga in"); // signed out: the shelf asks to sign in again
    }

    // --- the browser ---

    /** A headless chromium whose language is {@code language} (its Accept-Language); a phone's width when asked. */
    private void open(String language, boolean phone) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(CHROMIUM));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=" + language, phone ? "--window-size=390,844" : "--window-size=1280,900");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        if (phone) {
            browser.manage().window().setSize(new Dimension(390, 844));
        }
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** Loads a page of the web app and checks it with axe. */
    private void page(String path) {
        browser.get(web + path);
        waitFor(By.tagName("main"));
        axe();
    }

    private void signIn(String card, String pin) {
        WebElement cardField = waitFor(By.id("cardNumber"));
        cardField.clear();
        cardField.sendKeys(card);
        WebElement pinField = browser.findElement(By.id("pin"));
        pinField.clear();
        pinField.sendKeys(pin);
        Object before = marker();
        browser.findElement(By.xpath("//form[@action='/sign-in']//button")).click();
        awaitNewPage(before);
    }

    /** Clicks and waits until htmx (or the browser) has put the next page in place. */
    private void click(By what) {
        Object before = marker();
        waitFor(what);
        wait.until(ExpectedConditions.elementToBeClickable(what)).click();
        awaitNewPage(before);
    }

    /**
     * A mark on the current page's main element: once it is gone, the next page has replaced this one (htmx swaps
     * the body of boosted links and forms; a full load replaces the document).
     */
    private Object marker() {
        String mark = UUID.randomUUID().toString();
        ((JavascriptExecutor) browser).executeScript(
                "var m = document.querySelector('main'); if (m) { m.dataset.testMark = arguments[0]; }", mark);
        return mark;
    }

    private void awaitNewPage(Object mark) {
        wait.until(driver -> {
            Object found = ((JavascriptExecutor) driver).executeScript(
                    "var m = document.querySelector('main'); return document.readyState === 'complete' && m != null "
                            + "&& m.dataset.testMark !== arguments[0] && !document.body.classList.contains('htmx-request');", mark);
            return Boolean.TRUE.equals(found);
        });
    }

    private WebElement waitFor(By what) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void waitForText(By what, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(what, text));
    }

    private String text(By what) {
        return browser.findElement(what).getText();
    }

    /** Nothing wider than a phone's screen: no sideways scrolling. */
    private void fitsThePhone() {
        Object fits = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth;");
        assertEquals(Boolean.TRUE, fits, "the page scrolls sideways at 390 px: " + browser.getCurrentUrl());
    }

    /** Each checked page as the browser drew it, in target/web-screenshots (for a look, not committed). */
    private void screenshot() {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target/web-screenshots");
            java.nio.file.Files.createDirectories(dir);
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            java.nio.file.Files.write(dir.resolve(journey + "-" + checkedPages.size() + ".png"), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** axe-core on the page as it is now: no serious or critical violation. */
    private void axe() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined';"))) {
            js.executeScript(AXE);
        }
        Object violations = js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(function (r) {
                  done(JSON.stringify(r.violations
                    .filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                    .map(function (v) { return {id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; })));
                }).catch(function (e) { done('axe failed: ' + e); });
                """);
        checkedPages.add(browser.getCurrentUrl());
        screenshot();
        assertEquals("[]", violations, "axe-core on " + browser.getCurrentUrl());
    }

    // --- the data ---

    /** A made-up word no other test's title has, so that a search finds exactly this test's title. */
    private static String word() {
        StringBuilder word = new StringBuilder("q");
        UUID.randomUUID().toString().chars().filter(Character::isLetter).limit(8).forEach(c -> word.append((char) c));
        return word.toString();
    }

    private static void borrow(String token, String publication) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .post(SystemStack.url(Service.LOAN, "/v1/loans")).then().statusCode(201);
    }

    /** Until loan-service has heard of the licence (from license-service's events), a borrow is refused. */
    private static void awaitBorrowable(String token, String publication) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(token)
                .contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .post(SystemStack.url(Service.LOAN, "/v1/loans/dry-run")).path("borrowable"), Boolean.TRUE::equals);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .get(SystemStack.url(Service.CATALOG, "/v1/publications/" + publication)).<Integer>path("availability.copiesAvailable"),
                copies -> copies != null && copies > 0);
    }

    private static String resource(String name) {
        try (InputStream in = WebJourneysTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name + " is missing from the test resources", e);
        }
    }
}
