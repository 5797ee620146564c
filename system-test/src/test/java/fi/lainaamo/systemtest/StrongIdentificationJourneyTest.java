package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.IdentityProviderSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign in with strong identification" in a real browser: the web app sends the browser to the stack's OpenID
 * Connect provider simulator ({@link IdentityProviderSimulator}), a made-up test person is chosen there, and the
 * browser comes back signed in (patron-service registered the person with the municipality from the ID token).
 * A person whose municipality no joined library serves gets the refusal in words. axe-core checks the web app's pages.
 */
class StrongIdentificationJourneyTest {

    private static String web;
    private Browser page;
    private WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
        web = SystemStack.web();
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void aResidentOfAServedMunicipalityIdentifiesStronglyAndComesBackSignedIn() throws Exception {
        open("aResidentIdentifiesStrongly", "fi", true);
        browser.get(web + "/sign-in?back=/shelf");
        page.waitFor(By.id("strong-sign-in"));
        page.axe();
        assertEquals("Tunnistaudu vahvasti", browser.findElement(By.id("strong-sign-in")).getText());

        browser.findElement(By.id("strong-sign-in")).click();
        // the provider's page: a labelled choice of made-up persons
        WebElement person = page.waitFor(By.id("person"));
        assertTrue(browser.getCurrentUrl().startsWith(SystemStack.get().identity().url() + "/authorize?"), browser.getCurrentUrl());
        assertEquals("Test identification", browser.getTitle());
        new Select(person).selectByValue("test-person-1"); // Helsinki, 091
        browser.findElement(By.id("identify")).click();

        page.waitForText(By.tagName("h1"), "Oma hylly");
        assertTrue(browser.getCurrentUrl().startsWith(web + "/shelf"), browser.getCurrentUrl());
        page.waitFor(By.id("no-loans")); // loan-service answered the shelf with the patron's token
        assertNull(browser.manage().getCookieNamed("lainaamo-oidc"), "the pending identification's cookie is used once");
        page.axe();

        Object before = page.marker();
        browser.findElement(By.xpath("//button[normalize-space()='Kirjaudu ulos']")).click();
        page.awaitNewPage(before);
        page.waitFor(By.className("done"));
        page.axe();
        browser.get(web + "/shelf");
        page.waitForText(By.tagName("h1"), "Kirjaudu"); // signed out: the shelf asks to sign in again

        // signing in again finds the same patron (by the provider's subject), in English this time
        browser.get(web + "/language/en?back=/sign-in");
        page.waitFor(By.id("strong-sign-in")).click();
        new Select(page.waitFor(By.id("person"))).selectByValue("test-person-1");
        browser.findElement(By.id("identify")).click();
        page.waitForText(By.tagName("h1"), "My shelf");
    }

    @Test
    void aResidentOfAMunicipalityNoLibraryServesIsToldWhyAndACancelIsSaidInWords() {
        open("aResidentOfAnUnservedMunicipality", "en", false);
        browser.get(web + "/sign-in");
        page.waitFor(By.id("strong-sign-in")).click();
        new Select(page.waitFor(By.id("person"))).selectByValue("test-person-3"); // Utsjoki, 890: no joined library
        browser.findElement(By.id("identify")).click();

        String problem = page.waitFor(By.id("sign-in-problem")).getText();
        assertTrue(problem.contains("890") && problem.contains("No library in Lainaamo serves"), problem);
        assertTrue(browser.getCurrentUrl().startsWith(web + "/sign-in/oidc/callback"), browser.getCurrentUrl());
        assertNull(browser.manage().getCookieNamed("lainaamo-session"), "not signed in");
        page.axe();

        page.waitFor(By.id("strong-sign-in")).click();
        page.waitFor(By.id("person"));
        browser.findElement(By.id("cancel")).click();
        page.waitForText(By.id("sign-in-problem"), "The identification was cancelled.");
        page.axe();
    }

    private void open(String journey, String language, boolean phone) {
        page = Browser.open(web, journey, language, phone);
        browser = page.driver;
    }
}
