package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One headless chromium for a browser journey against the web app: Debian's chromium driven by its chromedriver (both
 * paths set, so Selenium downloads nothing), with the helpers every journey needs: load a page, click and wait for
 * the next page, sign in, axe-core on the page (a serious or critical violation fails the test), screenshots in
 * {@code target/web-screenshots}.
 */
final class Browser implements AutoCloseable {

    /** axe-core 4.14.1 (MPL-2.0), from the npm package axe-core, committed as published. */
    private static final String AXE = resource("/axe/axe.min.js");
    private static final String CHROMIUM = System.getProperty("lainaamo.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("lainaamo.chromedriver", "/usr/bin/chromedriver");

    final WebDriver driver;
    final WebDriverWait wait;
    private final String web;
    private final String journey;
    private final List<String> checkedPages = new ArrayList<>();

    /** A headless chromium whose language is {@code language} (its Accept-Language); a phone's width when asked. */
    private Browser(String web, String journey, String language, boolean phone) {
        this.web = web;
        this.journey = journey;
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(CHROMIUM));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=" + language, phone ? "--window-size=390,844" : "--window-size=1280,900");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        if (phone) {
            driver.manage().window().setSize(new Dimension(390, 844));
        }
        // a live part (data-live, live.js) is swapped whole when an event about the patron arrives, which can happen
        // between finding an element and reading it: every wait then finds it again
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    static Browser open(String web, String journey, String language, boolean phone) {
        return new Browser(web, journey, language, phone);
    }

    /**
     * Pages loaded from now on get no live updates (as in a browser without {@code EventSource}, or one whose stream
     * dropped): a journey that changes the state under an open page and then acts on what the page still shows does
     * not race the page's own refresh. WebLiveJourneysTest covers the live updates.
     */
    Browser withoutLiveUpdates() {
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "delete window.EventSource; window.EventSource = undefined;"));
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** Loads a page of the web app and checks it with axe. */
    void page(String path) {
        driver.get(web + path);
        waitFor(By.tagName("main"));
        axe();
    }

    void signIn(String card, String pin) {
        WebElement cardField = waitFor(By.id("cardNumber"));
        cardField.clear();
        cardField.sendKeys(card);
        WebElement pinField = driver.findElement(By.id("pin"));
        pinField.clear();
        pinField.sendKeys(pin);
        Object before = marker();
        driver.findElement(By.xpath("//form[@action='/sign-in']//button")).click();
        awaitNewPage(before);
    }

    /**
     * Clicks and waits until htmx (or the browser) has put the next page in place. The element is found again if the
     * page's live part was swapped between finding and clicking it (an event of the patron's own borrow arriving): a
     * click on a detached element does nothing, so trying again cannot click twice.
     */
    void click(By what) {
        Object before = marker();
        waitFor(what);
        wait.until(driver -> {
            try {
                WebElement element = ExpectedConditions.elementToBeClickable(what).apply(driver);
                if (element == null) {
                    return false;
                }
                element.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
                return false;
            }
        });
        awaitNewPage(before);
    }

    /**
     * A mark on the current page's main element: once it is gone, the next page has replaced this one (htmx swaps
     * the body of boosted links and forms; a full load replaces the document).
     */
    Object marker() {
        String mark = UUID.randomUUID().toString();
        script("var m = document.querySelector('main'); if (m) { m.dataset.testMark = arguments[0]; }", mark);
        return mark;
    }

    void awaitNewPage(Object mark) {
        wait.until(driver -> {
            Object found = ((JavascriptExecutor) driver).executeScript(
                    "var m = document.querySelector('main'); return document.readyState === 'complete' && m != null "
                            + "&& m.dataset.testMark !== arguments[0] && !document.body.classList.contains('htmx-request');", mark);
            return Boolean.TRUE.equals(found);
        });
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    WebElement waitFor(By what) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    void waitForText(By what, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(what, text));
    }

    /** The element's text as it is now (found again when a live part was swapped meanwhile). */
    String text(By what) {
        return wait.until(d -> d.findElement(what).getText());
    }

    /** Nothing wider than a phone's screen: no sideways scrolling. */
    void fitsThePhone() {
        Object fits = script("return document.documentElement.scrollWidth <= window.innerWidth;");
        assertEquals(Boolean.TRUE, fits, "the page scrolls sideways at 390 px: " + driver.getCurrentUrl());
    }

    /** Each checked page as the browser drew it, in target/web-screenshots (for a look, not committed). */
    void screenshot() {
        try {
            Path dir = Path.of("target/web-screenshots");
            Files.createDirectories(dir);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve(journey + "-" + checkedPages.size() + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** axe-core on the page as it is now: no serious or critical violation. */
    void axe() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
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
        checkedPages.add(driver.getCurrentUrl());
        screenshot();
        assertEquals("[]", violations, "axe-core on " + driver.getCurrentUrl());
    }

    // --- the data ---

    /** A made-up word no other test's title has, so that a search finds exactly this test's title. */
    static String word() {
        StringBuilder word = new StringBuilder("q");
        UUID.randomUUID().toString().chars().filter(Character::isLetter).limit(8).forEach(c -> word.append((char) c));
        return word.toString();
    }

    static void borrow(String token, String publication) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .post(SystemStack.url(Service.LOAN, "/v1/loans")).then().statusCode(201);
    }

    /** Until loan-service has heard of the licence (from license-service's events), a borrow is refused. */
    static void awaitBorrowable(String token, String publication) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(token)
                .contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .post(SystemStack.url(Service.LOAN, "/v1/loans/dry-run")).path("borrowable"), Boolean.TRUE::equals);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .get(SystemStack.url(Service.CATALOG, "/v1/publications/" + publication)).<Integer>path("availability.copiesAvailable"),
                copies -> copies != null && copies > 0);
    }

    /** Our own content for the title: an EPUB of these chapters (heading, blank line, paragraphs), uploaded as staff do. */
    static void epub(String publication, String title, java.util.List<String> chapters) {
        byte[] epub = fi.lainaamo.devinfra.DemoEpubs.epub(title, "fi", "urn:uuid:" + publication, chapters);
        given().auth().oauth2(SystemStack.admin()).contentType("application/epub+zip").body(epub)
                .put(SystemStack.url(Service.CATALOG, "/v1/publications/" + publication + "/content")).then().statusCode(201);
    }

    private static String resource(String name) {
        try (InputStream in = Browser.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name + " is missing from the test resources", e);
        }
    }
}
