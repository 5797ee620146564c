package fi.lainaamo.loan.shelf;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.devinfra.StandardSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The patron's shelf as JSON and as an OPDS 2.0 feed that validates against the official schemas. */
@QuarkusTest
class ShelfTest {

    static Response opds(UUID patron) {
        return given().auth().oauth2(token(patron)).header("Accept-Language", "sv").when().get("/opds/shelf");
    }

    @Test
    void anEmptyShelfIsAValidFeedThatLeadsToTheCatalogue() {
        Response feed = opds(UUID.randomUUID()).then().statusCode(200).contentType("application/opds+json")
                .body("metadata.title", equalTo("Min hylla")).body("navigation[0].title", equalTo("Bläddra i samlingen"))
                .extract().response();
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_FEED, feed.asString()));
        given().when().get("/opds/shelf").then().statusCode(401);
        // the validator does reject what the schemas forbid
        org.junit.jupiter.api.Assertions.assertFalse(StandardSchemas.violations(StandardSchemas.OPDS_FEED,
                "{\"metadata\":{},\"links\":[{\"href\":\"/x\",\"rel\":\"self\"}],\"publications\":[]}").isEmpty());
        org.junit.jupiter.api.Assertions.assertFalse(StandardSchemas.violations(StandardSchemas.LSD,
                "{\"id\":\"1\",\"status\":\"lent\",\"message\":\"m\",\"updated\":{},\"links\":[]}").isEmpty());
    }

    @Test
    void loansAndHoldsShowTheirStateQueueAndCopies() {
        UUID patron = UUID.randomUUID();
        UUID lent = UUID.randomUUID();
        UUID wanted = LicenseServiceStandIn.titleWithCopies(1);
        UUID ready = LicenseServiceStandIn.titleWithCopies(1);
        Lending.event(Topics.CATALOG, lent, EventTypes.PUBLICATION_UPSERTED, "urn:lainaamo:catalog-service",
                new PublicationUpserted(lent, "Seitsemän veljestä", "EBOOK", "fin"));
        borrow(patron, lent).then().statusCode(201);
        borrow(UUID.randomUUID(), wanted).then().statusCode(201);
        placeHold(UUID.randomUUID(), wanted).then().statusCode(201);
        placeHold(patron, wanted).then().statusCode(201).body("position", equalTo(2)).body("estimatedWaitDays", greaterThan(0));
        UUID other = UUID.randomUUID();
        String othersLoan = borrow(other, ready).then().statusCode(201).extract().path("id");
        String readyHold = placeHold(patron, ready).then().statusCode(201).extract().path("id");
        giveBack(other, othersLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(othersLoan));
        availability(ready, 1, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Lending.hold(patron, readyHold).then().body("state", equalTo("ready")));

        given().auth().oauth2(token(patron)).when().get("/v1/shelf").then().statusCode(200)
                .body("loans.size()", equalTo(1)).body("holds.size()", equalTo(2))
                .body("holds.find { it.publicationId == '" + wanted + "' }.position", equalTo(2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> opds(patron).then()
                .body("publications.find { it.metadata.identifier == 'urn:uuid:" + lent + "' }.metadata.title", equalTo("Seitsemän veljestä")));
        Response feed = opds(patron).then().statusCode(200).extract().response();
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_FEED, feed.asString()));
        assertEquals("available", feed.path("publications.find { it.metadata.identifier == 'urn:uuid:" + lent + "' }.links[0].properties.availability.state"));
        assertEquals("reserved", feed.path("publications.find { it.metadata.identifier == 'urn:uuid:" + wanted + "' }.links[0].properties.availability.state"));
        assertEquals(Integer.valueOf(2), feed.path("publications.find { it.metadata.identifier == 'urn:uuid:" + wanted + "' }.links[0].properties.holds.position"));
        assertEquals("ready", feed.path("publications.find { it.metadata.identifier == 'urn:uuid:" + ready + "' }.links[0].properties.availability.state"));
        assertEquals(Integer.valueOf(1), feed.path("publications.find { it.metadata.identifier == 'urn:uuid:" + ready + "' }.links[0].properties.copies.total"));
    }
}
