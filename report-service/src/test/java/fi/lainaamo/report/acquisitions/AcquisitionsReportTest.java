package fi.lainaamo.report.acquisitions;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceAdded;
import fi.lainaamo.events.LicenceConsumed;
import fi.lainaamo.events.Topics;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Acquisitions staff see licence use, licences ending with people waiting, and holds per copy. */
@QuarkusTest
class AcquisitionsReportTest {

    static final String LICENSE = "urn:lainaamo:license-service";

    @Test
    void consumptionEndingLicencesAndHoldsPerCopy() {
        UUID title = UUID.randomUUID();
        UUID licence = UUID.randomUUID();
        UUID lasting = UUID.randomUUID();
        Events.publication(title, "Jonotettu kirja", "EBOOK", "fi", "ADULT", true, "Otava", List.of());
        Events.send(Topics.LICENCE, title, EventTypes.LICENCE_ADDED, LICENSE,
                new LicenceAdded(licence, title, 2, 10, Instant.now().plus(Duration.ofDays(20)), 21));
        Events.send(Topics.LICENCE, title, EventTypes.LICENCE_ADDED, LICENSE, new LicenceAdded(lasting, title, 1, null, null, 21));
        Instant july = Events.at(LocalDate.of(2026, 7, 6), 12);
        for (int i = 0; i < 3; i++) {
            Events.send(Topics.LICENCE, title, EventTypes.LICENCE_CONSUMED, LICENSE,
                    new LicenceConsumed(licence, title, UUID.randomUUID(), "091", 9 - i, july));
        }
        for (int i = 0; i < 6; i++) {
            Events.holdPlaced(UUID.randomUUID(), title, "091", july);
        }
        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(admin)
                .body("consumption.find { it.licenceId == '" + licence + "' }.consumed", equalTo(3))
                .body("holdsPerCopy.find { it.publicationId == '" + title + "' }.holdsWaiting", equalTo(6))
                // the catalogue's topic is consumed apart from the licence topic: its title may come a moment later
                .body("consumption.find { it.licenceId == '" + licence + "' }.title", equalTo("Jonotettu kirja")));
        report(admin)
                .body("consumption.find { it.licenceId == '" + licence + "' }.checkoutsLeft", equalTo(7))
                .body("consumption.find { it.licenceId == '" + licence + "' }.distributor", nullValue())
                .body("consumption.licenceId", not(hasItem(lasting.toString())))
                // expires in 20 days: ending, with the six people waiting for the title
                .body("ending.find { it.licenceId == '" + licence + "' }.holdsWaiting", equalTo(6))
                .body("ending.licenceId", not(hasItem(lasting.toString())))
                // three copies (2 + 1), six waiting
                .body("holdsPerCopy.find { it.publicationId == '" + title + "' }.copies", equalTo(3))
                .body("holdsPerCopy.find { it.publicationId == '" + title + "' }.holdsPerCopy", equalTo(2.0f));
        given().auth().oauth2(TestTokens.librarian(UUID.randomUUID())).queryParam("from", "2026-07").queryParam("to", "2026-07")
                .get("/v1/reports/acquisitions").then().statusCode(403);
    }

    static io.restassured.response.ValidatableResponse report(String admin) {
        return given().auth().oauth2(admin).queryParam("from", "2026-07").queryParam("to", "2026-07")
                .get("/v1/reports/acquisitions").then().statusCode(200);
    }
}
