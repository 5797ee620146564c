package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.IdentityProviderSimulator;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign in with strong identification" in a real browser: the web app sends the browser to the stack's OpenID
 * Connect provider simulator ({@link IdentityProviderSimulator}), a made-up test person is chosen there, and the
 * browser comes back signed in (patron-service registered the person with the municipality from the ID token).
 * A person whose municipality no joined library serves gets the refusal in words. axe-core checks the web app's pages.
 * The few browser helpers are WebJourneysTest's, written again here (to be merged into a shared Browser class).
 */
class StrongIdentificationJourneyTest {

    private static final String AXE = resource("/axe/axe.min.js");
    private static final String CHROMIUM = System.getProperty("lainaamo.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("lainaamo.chromedriver", "/usr/bin/chromedriver");

    private static String web;
    private WebDriver browser;
    private WebDriverWait wait;

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
    void aResidentOfAServedMunicipalityIdentifiesStronglyAndComesBackSignedIn() throws Exception {
        open("fi", true);
        browser.get(web + "/sign-in?back=/shelf");
        waitFor(By.id("strong-sign-in"));
        axe();
        assertEquals("Tunnistaudu vahvasti", browser.findElement(By.id("strong-sign-in")).getText());

        browser.findElement(By.id("strong-sign-in")).click();
        // the provider's page: a labelled choice of made-up persons
        WebElement person = waitFor(By.id("person"));
        assertTrue(browser.getCurrentUrl().startsWith(SystemStack.get().identity().url() + "/authorize?"), browser.getCurrentUrl());
        assertEquals("Test identification", browser.getTitle());
        new Select(person).selectByValue("test-person-1"); // Helsinki, 091
        browser.findElement(By.id("identify")).click();

        waitForText(By.tagName("h1"), "Oma hylly");
        assertTrue(browser.getCurrentUrl().startsWith(web + "/shelf"), browser.getCurrentUrl());
        waitFor(By.id("no-loans")); // loan-service answered the shelf with the patron's token
        assertNull(browser.manage().getCookieNamed("lainaamo-oidc"), "the pending identification's cookie is used once");
        axe();

        Object before = marker();
        browser.findElement(By.xpath("//button[normalize-space()='Kirjaudu ulos']")).click();
        awaitNewPage(before);
        waitFor(By.className("done"));
        axe();
        browser.get(web + "/shelf");
        waitForText(By.tagName("h1"), "Kirjaudu"); // signed out: the shelf asks to sign in again

        // signing in again finds the same patron (by the provider's subject), in English this time
        browser.get(web + "/language/en?back=/sign-in");
        waitFor(By.id("strong-sign-in")).click();
        new Select(waitFor(By.id("person"))).selectByValue("test-person-1");
        browser.findElement(By.id("identify")).click();
        waitForText(By.tagName("h1"), "My shelf");
    }

    @Test
    void aResidentOfAMunicipalityNoLibraryServesIsToldWhyAndACancelIsSaidInWords() {
        open("en", false);
        browser.get(web + "/sign-in");
        waitFor(By.id("strong-sign-in")).click();
        new Select(waitFor(By.id("person"))).selectByValue("test-person-3"); // Utsjoki, 890: no joined library
        browser.findElement(By.id("identify")).click();

        String problem = waitFor(By.id("sign-in-problem")).getText();
        assertTrue(problem.contains("890") && problem.contains("No library in Lainaamo serves"), problem);
        assertTrue(browser.getCurrentUrl().startsWith(web + "/sign-in/oidc/callback"), browser.getCurrentUrl());
        assertNull(browser.manage().getCookieNamed("lainaamo-session"), "not signed in");
        axe();

        waitFor(By.id("strong-sign-in")).click();
        waitFor(By.id("person"));
        browser.findElement(By.id("cancel")).click();
        waitForText(By.id("sign-in-problem"), "The identification was cancelled.");
        axe();
    }

    // --- the browser (as WebJourneysTest's) ---

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

    private Object marker() {
        String mark = java.util.UUID.randomUUID().toString();
        ((JavascriptExecutor) browser).executeScript(
                "var m = document.querySelector('main'); if (m) { m.dataset.testMark = arguments[0]; }", mark);
        return mark;
    }

    private void awaitNewPage(Object mark) {
        wait.until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "var m = document.querySelector('main'); return document.readyState === 'complete' && m != null "
                        + "&& m.dataset.testMark !== arguments[0] && !document.body.classList.contains('htmx-request');", mark)));
    }

    private WebElement waitFor(By what) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void waitForText(By what, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(what, text));
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
        assertEquals("[]", violations, "axe-core on " + browser.getCurrentUrl());
    }

    private static String resource(String name) {
        try (InputStream in = StrongIdentificationJourneyTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name + " is missing from the test resources", e);
        }
    }
}
