package fi.lainaamo.catalog.availability;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The hold queue length comes from loan-service; with the seats it gives the estimated wait. */
@QuarkusTest
class LoanEventsTest {

    @Test
    void holdsWaitingFollowTheNewestQueueVersionAndGiveAnEstimatedWait() {
        UUID publication = LicenceEventsTest.catalogued();
        LicenceEventsTest.changed(publication, UUID.randomUUID(), 1, 0, 1);
        queue(publication, 2, 5);
        queue(publication, 9, 4); // older: ignored
        UUID marker = TestKafka.sendMarker(Topics.LOAN, publication.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> LicenceEventsTest.processed(marker)
                && "1/0".equals(LicenceEventsTest.copies(publication)));

        // 1 copy, 2 waiting: the new hold is third, so half a loan plus two whole ones (14-day average)
        given().get("/v1/publications/{id}", publication).then().statusCode(200)
                .body("availability.holdsWaiting", equalTo(2))
                .body("availability.estimatedWaitDays", equalTo(35));
    }

    static void queue(UUID publication, int waiting, long version) {
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.HOLD_QUEUE_CHANGED,
                "urn:lainaamo:loan-service", "{\"publicationId\":\"" + publication + "\",\"holdsWaiting\":" + waiting + ",\"version\":" + version + "}");
    }
}
