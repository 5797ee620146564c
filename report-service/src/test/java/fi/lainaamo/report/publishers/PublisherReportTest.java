package fi.lainaamo.report.publishers;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.Topics;
import fi.lainaamo.report.Events;
import fi.lainaamo.report.ReportDays;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;

/** A publisher's partner app reads its own titles' holds and loans, and nothing of another publisher's. */
@QuarkusTest
class PublisherReportTest {

    static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    static final String PUBLISHER_A = "Kustantamo A " + TAG;
    static final String PUBLISHER_B = "Kustantamo B " + TAG;
    static final UUID A1 = UUID.randomUUID();
    static final UUID A2 = UUID.randomUUID();
    static final UUID B1 = UUID.randomUUID();
    static final UUID LIBRARY = UUID.randomUUID();

    static boolean sent;

    /** Once per class, inside a test: the application and RestAssured's port are only ready there. */
    static synchronized void events() {
        if (sent) {
            return;
        }
        sent = true;
        Events.publication(A1, "Aakkoset", "EBOOK", "fi", "ADULT", true, PUBLISHER_A, List.of());
        Events.publication(A2, "Aapinen", "AUDIOBOOK", "fi", "CHILDREN", false, PUBLISHER_A, List.of());
        Events.publication(B1, "Bestseller", "EBOOK", "fi", "ADULT", true, PUBLISHER_B, List.of());
        Instant may = at(2026, 5, 12);
        Instant june = at(2026, 6, 3);
        // A1: three holds waiting in May (one became ready in June), one placed and cancelled in June
        UUID ready = UUID.randomUUID();
        Events.holdPlaced(UUID.randomUUID(), A1, "091", may);
        Events.holdPlaced(UUID.randomUUID(), A1, "049", may);
        Events.holdPlaced(ready, A1, "091", may);
        Events.holdReady(ready, A1, june);
        UUID cancelled = UUID.randomUUID();
        Events.holdPlaced(cancelled, A1, "091", june);
        Events.send(Topics.LOAN, A1, EventTypes.HOLD_CANCELLED, "urn:lainaamo:loan-service",
                new HoldCancelled(cancelled, UUID.randomUUID(), A1, "patron", june.plusSeconds(60)));
        // B1: five waiting
        for (int i = 0; i < 5; i++) {
            Events.holdPlaced(UUID.randomUUID(), B1, "091", may);
        }
        // loans in May: A1 two in each of two municipalities (4 nationally), A2 one; B1 seven
        for (String municipality : List.of("091", "091", "049", "049")) {
            Events.loan(UUID.randomUUID(), A1, municipality, LIBRARY, may);
        }
        Events.loan(UUID.randomUUID(), A2, "091", LIBRARY, may);
        for (int i = 0; i < 7; i++) {
            Events.loan(UUID.randomUUID(), B1, "091", LIBRARY, may);
        }
        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            titles(admin, PUBLISHER_A, "2026-05", "2026-06").statusCode(200).body("titlesTotal", equalTo(2))
                    .body(month(A1, "2026-05") + ".loans", equalTo(4)).body(month(A1, "2026-06") + ".holdsPlaced", equalTo(1));
            holds(admin, PUBLISHER_A).statusCode(200).body("holdsWaiting", equalTo(2)).body("holdsReady", equalTo(1));
            holds(admin, PUBLISHER_B).statusCode(200).body("holdsWaiting", equalTo(5));
            titles(admin, PUBLISHER_B, "2026-05", "2026-05").statusCode(200).body(month(B1, "2026-05") + ".loans", equalTo(7));
        });
    }

    @Test
    void aPublishersAppSeesItsOwnTitlesOnly() {
        events();
        String appA = TestTokens.partnerApp("app-a-" + TAG, "catalogue:read reports:publisher", PUBLISHER_A);
        holds(appA, PUBLISHER_A).statusCode(200)
                .body("publisher", equalTo(PUBLISHER_A))
                .body("holdsWaiting", equalTo(2))
                .body("holdsReady", equalTo(1))
                .body("titles.publicationId", equalTo(List.of(A1.toString())))
                .body("titles[0].holdsWaiting", equalTo(2))
                .body("titles[0].holdsReady", equalTo(1))
                .body("titles[0].title", equalTo("Aakkoset"));
        titles(appA, PUBLISHER_A, "2026-05", "2026-06").statusCode(200)
                .body("titlesTotal", equalTo(2))
                // by title: Aakkoset, Aapinen
                .body("titles.publicationId", equalTo(List.of(A1.toString(), A2.toString())))
                .body(month(A1, "2026-05") + ".holdsPlaced", equalTo(3))
                // 2 + 2 in two municipalities: four nationally, not a small cell
                .body(month(A1, "2026-05") + ".loans", equalTo(4))
                .body(month(A1, "2026-05") + ".loansShown", equalTo("4"))
                .body(month(A1, "2026-06") + ".holdsPlaced", equalTo(1))
                .body(month(A1, "2026-06") + ".loans", equalTo(0))
                // one loan in a month: withheld as it leaves the consortium
                .body(month(A2, "2026-05") + ".loans", nullValue())
                .body(month(A2, "2026-05") + ".loansShown", equalTo("< 3"))
                .body("smallCell", equalTo(3));
        // the catalogue's name is matched without regard to case or surrounding space
        holds(appA, "  " + PUBLISHER_A.toUpperCase() + " ").statusCode(200).body("holdsWaiting", equalTo(2));
        // nothing of publisher B anywhere in A's answers
        String everything = holds(appA, PUBLISHER_A).extract().asString() + titles(appA, PUBLISHER_A, "2026-01", "2026-12").extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(everything.contains(B1.toString()), everything);
        org.junit.jupiter.api.Assertions.assertFalse(everything.contains("Bestseller"), everything);
    }

    @Test
    void aPublishersAppCannotReadAnotherPublisher() {
        events();
        String appA = TestTokens.partnerApp("app-a-" + TAG, "reports:publisher", PUBLISHER_A);
        holds(appA, PUBLISHER_B, "fi").statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("publisher-not-yours")).body("title", equalTo("Ei sovelluksesi kustantaja"))
                .body("detail", not(containsString("Bestseller")));
        titles(appA, PUBLISHER_B, "2026-05", "2026-06").statusCode(403).body("code", equalTo("publisher-not-yours"));
        // a period it could not ask for anyway is still first of all another publisher's
        titles(appA, PUBLISHER_B, "2026-06", "2026-05").statusCode(403).body("code", equalTo("publisher-not-yours"));
        // an app without the scope, even naming the publisher, and an app with the scope but no publisher
        holds(TestTokens.partnerApp("app-c-" + TAG, "reports:read-own-library", PUBLISHER_A), PUBLISHER_A, "sv").statusCode(403)
                .body("code", equalTo("publisher-scope-missing")).body("title", equalTo("Inte en förlagsapp"));
        holds(TestTokens.partnerApp("app-d-" + TAG, "reports:publisher", null), PUBLISHER_A).statusCode(403)
                .body("code", equalTo("publisher-not-yours"));
        // patrons and librarians read no publisher's data; no token is 401
        holds(TestTokens.librarian(LIBRARY), PUBLISHER_A).statusCode(403).body("code", equalTo("forbidden"));
        holds(TestTokens.patron(UUID.randomUUID(), "091", LIBRARY), PUBLISHER_A).statusCode(403);
        titles(TestTokens.librarian(LIBRARY), PUBLISHER_A, "2026-05", "2026-06").statusCode(403);
        given().get("/v1/reports/publishers/{p}/holds", PUBLISHER_A).then().statusCode(401);
    }

    @Test
    void anAdminReadsAnyPublisher() {
        events();
        String admin = TestTokens.consortiumAdmin();
        holds(admin, PUBLISHER_B).statusCode(200).body("titles.publicationId", equalTo(List.of(B1.toString())));
        titles(admin, PUBLISHER_B, "2026-05", "2026-06").statusCode(200)
                .body("titles.publicationId", equalTo(List.of(B1.toString())))
                .body(month(B1, "2026-05") + ".loans", equalTo(7));
        // a publisher nobody publishes as: nothing, not an error
        holds(admin, "Ei ketään " + TAG).statusCode(200).body("holdsWaiting", equalTo(0)).body("titles.size()", equalTo(0));
    }

    @Test
    void badInputIsAProblemWithAStableCode() {
        events();
        String appA = TestTokens.partnerApp("app-a-" + TAG, "reports:publisher", PUBLISHER_A);
        titles(appA, PUBLISHER_A, "2026-13", "2026-13").statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-period"));
        titles(appA, PUBLISHER_A, "2026-06", "2026-05").statusCode(400).body("code", equalTo("invalid-period"));
        titles(appA, PUBLISHER_A, "2020-01", "2026-05").statusCode(400).body("code", equalTo("period-too-long"));
        holds(appA, " ", "fi").statusCode(400).body("code", equalTo("invalid-publisher")).body("title", equalTo("Virheellinen kustantaja"));
        holds(TestTokens.consortiumAdmin(), "x".repeat(201)).statusCode(400).body("code", equalTo("invalid-publisher"));
        given().auth().oauth2(appA).queryParam("limit", 0).get("/v1/reports/publishers/{p}/holds", PUBLISHER_A)
                .then().statusCode(400).body("code", equalTo("invalid-request"));
        given().auth().oauth2(appA).queryParam("from", "2026-05").get("/v1/reports/publishers/{p}/titles", PUBLISHER_A)
                .then().statusCode(400).body("code", is(oneOf("invalid-request", "invalid-period")));
        // paging: one title a page
        given().auth().oauth2(appA).queryParam("from", "2026-05").queryParam("to", "2026-06").queryParam("limit", 1).queryParam("offset", 1)
                .get("/v1/reports/publishers/{p}/titles", PUBLISHER_A).then().statusCode(200)
                .body("titlesTotal", equalTo(2)).body("titles.publicationId", equalTo(List.of(A2.toString())))
                .body("titles.publicationId", everyItem(not(equalTo(B1.toString()))))
                .body("titles.publicationId", not(hasItem(A1.toString())));
    }

    static String month(UUID title, String month) {
        return "titles.find { it.publicationId == '" + title + "' }.months.find { it.month == '" + month + "' }";
    }

    static ValidatableResponse holds(String token, String publisher) {
        return holds(token, publisher, "en");
    }

    static ValidatableResponse holds(String token, String publisher, String language) {
        return given().auth().oauth2(token).header("Accept-Language", language)
                .get("/v1/reports/publishers/{p}/holds", publisher).then();
    }

    static ValidatableResponse titles(String token, String publisher, String from, String to) {
        return given().auth().oauth2(token).queryParam("from", from).queryParam("to", to)
                .get("/v1/reports/publishers/{p}/titles", publisher).then();
    }

    static Instant at(int year, int month, int day) {
        return LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.NOON).atZone(ReportDays.FINLAND).toInstant();
    }
}
