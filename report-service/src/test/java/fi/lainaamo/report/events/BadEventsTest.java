package fi.lainaamo.report.events;

import fi.lainaamo.devinfra.BadRecords;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A record report-service can never apply is set aside; the reports go on counting what comes after it. */
@QuarkusTest
class BadEventsTest {

    static final String TOWN = "941";

    @Test
    void badLoanRecordsAreSetAsideAndTheNextLoanStillCounts() {
        UUID library = UUID.randomUUID();
        Events.libraryJoined(library, TOWN);
        UUID title = UUID.randomUUID();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("report-service", "loan-events", Topics.LOAN, title.toString(),
                EventTypes.LOAN_STARTED, () -> Events.loan(UUID.randomUUID(), title, TOWN, library, Events.at(LocalDate.of(2026, 2, 3), 12)),
                () -> Integer.valueOf(1).equals(given().auth().oauth2(TestTokens.consortiumAdmin()).queryParam("from", "2026-02")
                        .queryParam("to", "2026-02").get("/v1/reports/municipalities/{code}", TOWN).then().extract().path("months[0].loans")));
    }

    @Test
    void badCatalogueRecordsAreSetAsideAndTheNextPublicationStillCounts() {
        UUID library = UUID.randomUUID();
        Events.libraryJoined(library, "942");
        UUID title = UUID.randomUUID();
        Events.loan(UUID.randomUUID(), title, "942", library, Events.at(LocalDate.of(2026, 2, 3), 12));
        BadRecords.areSetAsideWhileTheConsumerGoesOn("report-service", "catalog-events", Topics.CATALOG, title.toString(),
                EventTypes.PUBLICATION_UPSERTED, () -> Events.publication(title, "Hyvä nimeke", "EBOOK", "fi", "ADULT", true, "WSOY", List.of()),
                () -> given().auth().oauth2(TestTokens.consortiumAdmin()).get("/v1/reports/loans/export?from=2026-02&to=2026-02&municipality=942")
                        .then().extract().asString().contains("Hyvä nimeke"));
    }
}
