package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding a title and waiting for it, in the browser (issue 16): the front page's lanes, suggestions as the patron
 * types, the accessibility filter (readable by screen reader) and the title's accessibility in words; a hold paused
 * ("deliver later") and resumed from the shelf, with the loan-service API agreeing at each step.
 */
class WebFindAndWaitJourneysTest {

    private static String web;

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
        web = SystemStack.web();
    }

    @Test
    void aPatronFindsAnAccessibleTitleFromTheLanesSuggestionsAndTheAccessibilityFilter() {
        String word = Browser.word();
        catalogue("Kuunneltava " + word, Map.of("summary", "Rakenne merkitty.", "accessModesSufficient", List.of("textual"),
                "features", List.of("displayTransformability"), "hazards", List.of("none")));
        catalogue("Kuvitettu " + word, Map.of("accessModesSufficient", List.of("visual")));
        try (Browser browser = Browser.open(web, "aPatronFindsAnAccessibleTitle", "en", false)) {
            browser.page("/");
            // the lanes, each a search whose heading links to the whole list
            browser.waitForText(By.id("lane-new"), "New");
            assertTrue(!browser.driver.findElements(By.xpath("//section[h2[@id='lane-new']]//li/a")).isEmpty(), "the New lane lists titles");
            assertEquals(web + "/search?sort=newest", browser.driver.findElement(By.cssSelector("#lane-new a")).getAttribute("href"));

            // suggestions as the patron types: the box's datalist fills with the titles found so far
            WebElement box = browser.waitFor(By.id("q"));
            box.sendKeys("Kuunneltava " + word);
            browser.wait.until(d -> ((String) browser.script("return Array.from(document.querySelectorAll('#suggestions option'))"
                    + ".map(function (o) { return o.value; }).join('|');")).contains("Kuunneltava " + word));

            browser.page("/search?q=" + word);
            browser.waitForText(By.id("summary"), "2");
            browser.click(By.xpath("//aside[contains(@class,'facets')]//a[starts-with(normalize-space(.), 'Readable by screen reader')]"));
            browser.axe();
            List<String> found = browser.driver.findElements(By.cssSelector(".hits h2 a")).stream().map(WebElement::getText).toList();
            assertEquals(List.of("Kuunneltava " + word), found, "only the title a screen reader can read");

            browser.click(By.linkText("Kuunneltava " + word));
            browser.axe();
            String accessibility = browser.text(By.cssSelector("section.accessibility"));
            assertTrue(accessibility.contains("Readable by screen reader") && accessibility.contains("Adjustable text")
                    && accessibility.contains("No flashing") && accessibility.contains("Rakenne merkitty."), accessibility);
        }
    }

    @Test
    void aWaitingHoldIsPausedUntilADayAndResumedFromTheShelf() {
        String title = SystemStack.title("Odotettava " + Browser.word(), 1);
        String reader = SystemStack.patron(SystemStack.card("WAIT"), "091");
        String card = SystemStack.card("PAUS");
        String waiting = SystemStack.patron(card, "049");
        Browser.awaitBorrowable(reader, title);
        Browser.borrow(reader, title);
        String hold = placeHold(waiting, title);

        try (Browser browser = Browser.open(web, "aWaitingHoldIsPausedAndResumed", "fi", true)) {
            browser.page("/sign-in?back=/shelf");
            browser.signIn(card, "4321");
            browser.axe();
            LocalDate until = LocalDate.parse((String) browser.script("return document.getElementById('until-' + arguments[0]).value;", hold));
            browser.click(By.xpath("//form[@action='/holds/" + hold + "/suspend']//button"));
            browser.axe();
            browser.waitForText(By.cssSelector("p.done"), "keskeytetty");
            given().auth().oauth2(waiting).get(SystemStack.url(Service.LOAN, "/v1/holds/" + hold)).then()
                    .body("state", equalTo("suspended")).body("suspendedUntil", equalTo(until.toString()));
            browser.fitsThePhone();

            browser.click(By.xpath("//form[@action='/holds/" + hold + "/resume']//button"));
            browser.axe();
            browser.waitForText(By.cssSelector("p.done"), "taas jonossa");
            given().auth().oauth2(waiting).get(SystemStack.url(Service.LOAN, "/v1/holds/" + hold)).then()
                    .body("state", equalTo("waiting")).body("position", equalTo(1));
        }
    }

    /** A publication with this accessibility metadata (none when empty), as an admin enters it. */
    private static String catalogue(String name, Map<String, Object> accessibility) {
        return given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("title", name, "format", "EBOOK", "language", "fin", "authors", List.of("Minna Canth"),
                        "accessibility", accessibility))
                .post(SystemStack.url(Service.CATALOG, "/v1/publications")).then().statusCode(201).extract().path("id");
    }

    /** Places a hold once loan-service has seen the copy go (until then it says copy-available). */
    private static String placeHold(String token, String title) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var answer = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                    .post(SystemStack.url(Service.LOAN, "/v1/holds"));
            id[0] = answer.statusCode() == 201 ? answer.path("id") : null;
            return id[0] != null;
        });
        return id[0];
    }
}
