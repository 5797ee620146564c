package fi.lainaamo.web.live;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/**
 * The stream without a session: one {@code signed-out} event (the page stops listening) rather than an error that
 * EventSource would retry for ever. The relay of loan-service's stream is driven in a real browser by system-test's
 * WebLiveJourneysTest.
 */
@QuarkusTest
class LiveShelfTest {

    @Test
    void withoutASessionTheStreamSaysSignedOutAndEnds() {
        given().accept("text/event-stream").get("/shelf/events").then().statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .body(containsString("event:signed-out"));
    }

    @Test
    void everyChangeHasASentenceInEachLanguage() {
        var texts = new fi.lainaamo.web.i18n.Texts();
        for (String language : fi.lainaamo.web.i18n.Texts.LANGUAGES) {
            var m = texts.of(java.util.Locale.forLanguageTag(language));
            for (String type : new String[] {"loan.started", "loan.returned", "loan.renewed", "loan.expired", "hold.placed",
                    "hold.ready", "hold.position-changed", "hold.suspended", "hold.resumed", "hold.fulfilled",
                    "hold.cancelled", "hold.expired", "resync"}) {
                org.junit.jupiter.api.Assertions.assertNotEquals("{}", LiveShelf.announcement(m, type), language + " " + type);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals("Varauksesi on noudettavissa.",
                LiveShelf.announcement(texts.of(java.util.Locale.forLanguageTag("fi")), "hold.ready"));
    }
}
