package fi.lainaamo.catalog.availability;

import fi.lainaamo.devinfra.BadRecords;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** One unreadable availability or queue event must not freeze the catalogue's availability for every title. */
@QuarkusTest
class BadEventsTest {

    @Test
    void badLicenceRecordsAreSetAsideAndTheNextAvailabilityStillShows() {
        UUID publication = LicenceEventsTest.catalogued();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("catalog-service", "licence-events", Topics.LICENCE, publication.toString(),
                EventTypes.AVAILABILITY_CHANGED, () -> LicenceEventsTest.changed(publication, UUID.randomUUID(), 3, 2, 1),
                () -> "3/2".equals(LicenceEventsTest.copies(publication)));
    }

    @Test
    void badLoanRecordsAreSetAsideAndTheNextQueueLengthStillShows() {
        UUID publication = LicenceEventsTest.catalogued();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("catalog-service", "loan-events", Topics.LOAN, publication.toString(),
                EventTypes.HOLD_QUEUE_CHANGED, () -> LoanEventsTest.queue(publication, 4, 1),
                () -> Integer.valueOf(4).equals(given().get("/v1/publications/{id}", publication).then().statusCode(200)
                        .extract().path("availability.holdsWaiting")));
    }
}
