package fi.lainaamo.loan.titles;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationReinstated;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** What the catalogue's withdrawals and reinstatements mean for lending, as patrons meet them. */
@QuarkusTest
class CatalogEventsTest {

    static final String CATALOG = "urn:lainaamo:catalog-service";

    @Test
    void aReinstatedTitleCanBeHeldAgainWhileTheHoldsItsWithdrawalCancelledStayCancelled() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        borrow(UUID.randomUUID(), title).then().statusCode(201);
        UUID waiter = UUID.randomUUID();
        String cancelled = placeHold(waiter, title).then().statusCode(201).extract().path("id");

        Lending.event(Topics.CATALOG, title, EventTypes.PUBLICATION_WITHDRAWN, CATALOG,
                new PublicationWithdrawn(title, "publisher-request", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> placeHold(UUID.randomUUID(), title).then().statusCode(422)
                .body("errors.code", hasItem("publication-withdrawn")));

        Lending.event(Topics.CATALOG, title, EventTypes.PUBLICATION_REINSTATED, CATALOG, new PublicationReinstated(title, Instant.now()));
        UUID newcomer = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> placeHold(newcomer, title).then().statusCode(201));
        given().auth().oauth2(token(waiter)).when().get("/v1/holds/{id}", cancelled).then()
                .body("state", equalTo("cancelled")).body("endReason", equalTo("publication-withdrawn"));
    }
}
