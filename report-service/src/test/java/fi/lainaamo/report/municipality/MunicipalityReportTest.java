package fi.lainaamo.report.municipality;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.events.Topics;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** A municipality's report as its library's staff and the consortium read it, and who may read it. */
@QuarkusTest
class MunicipalityReportTest {

    static final UUID LIBRARY = UUID.randomUUID();
    static final UUID OTHER_LIBRARY = UUID.randomUUID();
    static final String TOWN = "901";
    static final String NEIGHBOUR = "902";
    static final String ELSEWHERE = "903";
    static final UUID NOVEL = UUID.randomUUID();
    static final UUID COOKBOOK = UUID.randomUUID();
    static final LocalDate MARCH = LocalDate.of(2026, 3, 10);
    static final LocalDate APRIL = LocalDate.of(2026, 4, 2);

    /**
     * In March four residents of 901 borrow the novel (one of them twice, the second loan delivered twice), one
     * borrows the cookbook; a resident of 902 borrows the cookbook. In April one loan of the novel. A hold waits two
     * days for its copy; another still waits.
     */
    @BeforeAll
    static void residentsBorrow() {
        Events.libraryJoined(LIBRARY, TOWN, NEIGHBOUR);
        Events.libraryJoined(OTHER_LIBRARY, ELSEWHERE);
        Events.publication(NOVEL, "Tuntematon sotilas", "EBOOK", "fi", "ADULT", true, "WSOY", List.of("sota", "romaanit"));
        Events.publication(COOKBOOK, "Kasviskeittokirja", "AUDIOBOOK", "sv", "ADULT", false, "Otava", List.of("ruoanlaitto"));
        UUID reader = UUID.randomUUID();
        Events.loan(reader, NOVEL, TOWN, LIBRARY, Events.at(MARCH, 10));
        UUID second = UUID.randomUUID();
        Events.sendAgain(second, Topics.LOAN, NOVEL, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service",
                new LoanStarted(UUID.randomUUID(), reader, NOVEL, TOWN, LIBRARY, Events.at(MARCH.plusDays(1), 10), Instant.now()));
        Events.sendAgain(second, Topics.LOAN, NOVEL, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service",
                new LoanStarted(UUID.randomUUID(), reader, NOVEL, TOWN, LIBRARY, Events.at(MARCH.plusDays(1), 10), Instant.now()));
        for (int i = 0; i < 3; i++) {
            Events.loan(UUID.randomUUID(), NOVEL, TOWN, LIBRARY, Events.at(MARCH, 12));
        }
        Events.loan(UUID.randomUUID(), COOKBOOK, TOWN, LIBRARY, Events.at(MARCH, 14));
        Events.loan(UUID.randomUUID(), COOKBOOK, NEIGHBOUR, LIBRARY, Events.at(MARCH, 15));
        Events.loan(reader, NOVEL, TOWN, LIBRARY, Events.at(APRIL, 9));
        UUID served = UUID.randomUUID();
        Events.holdPlaced(served, NOVEL, TOWN, Events.at(MARCH, 8));
        Events.holdReady(served, NOVEL, Events.at(MARCH.plusDays(2), 8));
        Events.holdPlaced(UUID.randomUUID(), NOVEL, TOWN, Events.at(MARCH, 9));
    }

    static ValidatableResponse report(String token, String code, String from, String to) {
        return given().auth().oauth2(token).queryParam("from", from).queryParam("to", to)
                .when().get("/v1/reports/municipalities/{code}", code).then();
    }

    @Test
    void loansPerMonthWithBreakdownsBorrowersHoldsAndTopTitles() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(TestTokens.consortiumAdmin(), TOWN, "2026-03", "2026-04")
                .statusCode(200).body("months[0].loans", equalTo(6)).body("months[1].loans", equalTo(1))
                .body("holdsWaiting", equalTo(1))
                // the catalogue's topic is consumed apart from the loan topic: both titles must be there too
                .body("topTitles.title", equalTo(List.of("Tuntematon sotilas", "Kasviskeittokirja"))));
        report(TestTokens.consortiumAdmin(), TOWN, "2026-02", "2026-04").statusCode(200)
                .body("municipality", equalTo(TOWN)).body("smallCell", equalTo(3))
                .body("months.month", equalTo(List.of("2026-02", "2026-03", "2026-04")))
                .body("months.loans", equalTo(List.of(0, 6, 1)))
                // the reader borrowed twice in March: five distinct borrowers
                .body("months.distinctBorrowers", equalTo(List.of(0, 5, 1)))
                .body("months[1].holdsPlaced", equalTo(2))
                .body("months[1].averageWaitDays", equalTo(2.0f))
                .body("months[1].byFormat.find { it.value == 'EBOOK' }.loans", equalTo(5))
                .body("months[1].byFormat.find { it.value == 'AUDIOBOOK' }.loans", equalTo(1))
                .body("months[1].byLanguage.find { it.value == 'sv' }.loans", equalTo(1))
                .body("months[1].byAudience.find { it.value == 'ADULT' }.loans", equalTo(6))
                .body("months[1].byFiction.find { it.value == 'fiction' }.loans", equalTo(5))
                .body("months[1].byFiction.find { it.value == 'non-fiction' }.loans", equalTo(1))
                .body("months[1].bySubject.find { it.value == 'sota' }.loans", equalTo(5))
                .body("months[1].bySubject.find { it.value == 'romaanit' }.loans", equalTo(5))
                .body("months[1].byPublisher.find { it.value == 'Otava' }.loans", equalTo(1))
                .body("topTitles[0].title", equalTo("Tuntematon sotilas")).body("topTitles[0].loans", equalTo(6))
                .body("topTitles[0].loansShown", equalTo("6"))
                // one loan of the cookbook in 901: withheld under the small-cell rule
                .body("topTitles[1].title", equalTo("Kasviskeittokirja")).body("topTitles[1].loans", nullValue())
                .body("topTitles[1].loansShown", equalTo("< 3"));
        // the neighbour's loan is in the neighbour's report only
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(TestTokens.consortiumAdmin(), NEIGHBOUR, "2026-03", "2026-03")
                .statusCode(200).body("months[0].loans", equalTo(1)).body("topTitles.title", equalTo(List.of("Kasviskeittokirja"))));
    }

    @Test
    void aLibrarianReadsOnlyTheMunicipalitiesTheirLibraryServes() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(TestTokens.librarian(LIBRARY), NEIGHBOUR, "2026-03", "2026-03")
                .statusCode(200));
        report(TestTokens.librarian(LIBRARY), TOWN, "2026-03", "2026-03").statusCode(200);
        report(TestTokens.librarian(OTHER_LIBRARY), TOWN, "2026-03", "2026-03").statusCode(403)
                .body("code", equalTo("municipality-not-served"));
        report(TestTokens.patron(UUID.randomUUID(), TOWN, LIBRARY), TOWN, "2026-03", "2026-03").statusCode(403);
        given().queryParam("from", "2026-03").queryParam("to", "2026-03").when().get("/v1/reports/municipalities/{code}", TOWN)
                .then().statusCode(401);
    }

    @Test
    void badFiltersAreRefusedWithAReasonInTheCallersLanguage() {
        String admin = TestTokens.consortiumAdmin();
        report(admin, "91", "2026-03", "2026-03").statusCode(400).body("code", equalTo("invalid-municipality"));
        report(admin, "999", "2026-03", "2026-03").statusCode(404).body("code", equalTo("unknown-municipality"));
        report(admin, TOWN, "2026-04", "2026-03").statusCode(400).body("code", equalTo("invalid-period"));
        report(admin, TOWN, "2026-13", "2026-13").statusCode(400).body("code", equalTo("invalid-period"));
        report(admin, TOWN, "2022-01", "2026-03").statusCode(400).body("code", equalTo("period-too-long"));
        report(admin, TOWN, "2023-04", "2026-03").statusCode(200);
        given().auth().oauth2(admin).header("Accept-Language", "fi").queryParam("from", "2020-01").queryParam("to", "2026-03")
                .when().get("/v1/reports/municipalities/{code}", TOWN).then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("title", equalTo("Liian pitkä aikaväli")).body("detail", containsString("3 vuotta"));
        given().auth().oauth2(admin).queryParam("from", "March").queryParam("to", "2026-03")
                .when().get("/v1/reports/municipalities/{code}", TOWN).then().statusCode(400)
                .body("errors.code", hasItem(org.hamcrest.Matchers.notNullValue()));
    }
}
