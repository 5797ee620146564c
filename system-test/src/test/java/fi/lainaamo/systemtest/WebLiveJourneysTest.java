package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
