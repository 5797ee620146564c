package fi.lainaamo.loan.events;

import fi.lainaamo.devinfra.BadRecords;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PatronBlocked;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.titles.Title;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * loan-service reads three topics; one record it can never apply on any of them must not stop lending from
 * learning about copies, blocked patrons and titles.
 */
@QuarkusTest
class BadEventsTest {

    @Test
    void badLicenceRecordsAreSetAsideAndTheNextAvailabilityStillCounts() {
        UUID title = UUID.randomUUID();
        UUID patron = UUID.randomUUID();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("loan-service", "licence-events", Topics.LICENCE, title.toString(),
                EventTypes.AVAILABILITY_CHANGED, () -> Lending.availability(title, 1, 0),
                () -> reasons(patron, title).contains("no-free-copy"));
    }

    @Test
    void badPatronRecordsAreSetAsideAndTheNextBlockStillHolds() {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("loan-service", "patron-events", Topics.PATRON, patron.toString(),
                EventTypes.PATRON_BLOCKED, () -> Lending.event(Topics.PATRON, patron, EventTypes.PATRON_BLOCKED,
                        "urn:lainaamo:patron-service", new PatronBlocked(patron, Lending.LIBRARY, Instant.now())),
                () -> reasons(patron, title).contains("patron-blocked"));
    }

    @Test
    void badCatalogueRecordsAreSetAsideAndTheNextTitleIsStillNamed() {
        UUID title = UUID.randomUUID();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("loan-service", "catalog-events", Topics.CATALOG, title.toString(),
                EventTypes.PUBLICATION_UPSERTED, () -> Lending.event(Topics.CATALOG, title, EventTypes.PUBLICATION_UPSERTED,
                        "urn:lainaamo:catalog-service", new PublicationUpserted(title, "Tuntematon sotilas", "EBOOK", "fin")),
                () -> "Tuntematon sotilas".equals(QuarkusTransaction.requiringNew().call(() -> {
                    Title named = Title.findById(title);
                    return named == null ? null : named.name;
                })));
    }

    private static List<String> reasons(UUID patron, UUID title) {
        return given().auth().oauth2(Lending.token(patron)).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post("/v1/loans/dry-run").then().statusCode(200).extract().jsonPath().getList("reasons.code");
    }
}
