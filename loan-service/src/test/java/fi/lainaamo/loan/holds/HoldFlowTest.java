package fi.lainaamo.loan.holds;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.hold;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The national queue as patrons meet it: a returned copy goes to the head of the queue, never to a walk-in. */
@QuarkusTest
class HoldFlowTest {

    @Inject
    HoldService holds;

    static void awaitState(UUID patron, String holdId, String state) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> hold(patron, holdId).then().body("state", equalTo(state)));
    }

    @Test
    void aReturnedCopyGoesToTheHeadOfTheQueueAndAnUnborrowedOneToTheNext() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        UUID cecilia = UUID.randomUUID();
        UUID walkIn = UUID.randomUUID();

        String annasLoan = borrow(anna, title).then().statusCode(201).extract().path("id");
        borrow(bertil, title).then().statusCode(422).body("errors.code", hasItem("no-free-copy"));
        String bertilsHold = placeHold(bertil, title).then().statusCode(201)
                .body("state", equalTo("waiting")).body("position", equalTo(1)).extract().path("id");
        String ceciliasHold = placeHold(cecilia, title).then().statusCode(201).body("position", equalTo(2))
                .body("estimatedWaitDays", notNullValue()).extract().path("id");

        giveBack(anna, annasLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(annasLoan));
        availability(title, 1, 1);
        awaitState(bertil, bertilsHold, "ready");
        hold(bertil, bertilsHold).then().body("readyUntil", notNullValue()).body("position", equalTo(1));
        assertEquals(Map.of(bertilsHold, "HOLD"), LicenseServiceStandIn.seatsOf(title));

        borrow(walkIn, title).then().statusCode(422).body("errors.code", hasItem("people-waiting"));
        borrow(cecilia, title).then().statusCode(422).body("errors.code", hasItem("people-waiting"));
        String bertilsLoan = borrow(bertil, title).then().statusCode(201).extract().path("id");
        hold(bertil, bertilsHold).then().body("state", equalTo("fulfilled")).body("loanId", equalTo(bertilsLoan));
        assertEquals(Map.of(bertilsLoan, "LOAN"), LicenseServiceStandIn.seatsOf(title));
        hold(cecilia, ceciliasHold).then().body("position", equalTo(1));

        // Cecilia's copy is kept for the ready window; she does not borrow it, so it goes to the next in line
        UUID david = UUID.randomUUID();
        String davidsHold = placeHold(david, title).then().statusCode(201).body("position", equalTo(2)).extract().path("id");
        giveBack(bertil, bertilsLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(bertilsLoan));
        availability(title, 1, 1);
        awaitState(cecilia, ceciliasHold, "ready");
        assertEquals(0, holds.expireReady(title, Instant.now()));
        assertEquals(1, holds.expireReady(title, Instant.now().plus(Duration.ofDays(4))));
        hold(cecilia, ceciliasHold).then().body("state", equalTo("expired")).body("endReason", equalTo("ready-window-passed"));
        given().auth().oauth2(token(cecilia)).header("Accept-Language", "fi").when().get("/v1/holds/{id}", ceciliasHold)
                .then().body("endReasonText", equalTo("Sinulle varattua kappaletta ei lainattu ajoissa, joten se siirtyi jonossa seuraavalle."));
        LicenseServiceStandIn.release(UUID.fromString(ceciliasHold));
        availability(title, 1, 1);
        awaitState(david, davidsHold, "ready");
        borrow(david, title).then().statusCode(201);

        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LOAN,
                r -> r.value().contains(davidsHold) && EventTypes.HOLD_FULFILLED.equals(TestKafka.header(r, "ce_type")), Duration.ofSeconds(20));
        List<String> types = seen.stream().filter(r -> r.key().equals(title.toString())).map(r -> TestKafka.header(r, "ce_type")).toList();
        assertTrue(types.containsAll(List.of(EventTypes.HOLD_PLACED, EventTypes.HOLD_READY, EventTypes.HOLD_EXPIRED,
                EventTypes.HOLD_FULFILLED, EventTypes.HOLD_QUEUE_CHANGED, EventTypes.LOAN_STARTED, EventTypes.LOAN_RETURNED)), types.toString());
        List<Long> versions = seen.stream().filter(r -> r.key().equals(title.toString())
                        && EventTypes.HOLD_QUEUE_CHANGED.equals(TestKafka.header(r, "ce_type")))
                .map(r -> Long.parseLong(r.value().replaceAll(".*\"version\":(\\d+).*", "$1"))).toList();
        for (int i = 1; i < versions.size(); i++) {
            assertEquals(versions.get(i - 1) + 1, versions.get(i), "queue versions grow by one: " + versions);
        }
    }

    @Test
    void aSuspendedHoldKeepsItsPlaceButTheCopyGoesToTheNextPatron() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        UUID cecilia = UUID.randomUUID();
        String annasLoan = borrow(anna, title).then().statusCode(201).extract().path("id");
        String bertilsHold = placeHold(bertil, title).then().statusCode(201).extract().path("id");
        String ceciliasHold = placeHold(cecilia, title).then().statusCode(201).extract().path("id");

        LocalDate until = LocalDate.now(ZoneId.of("Europe/Helsinki")).plusDays(10);
        given().auth().oauth2(token(bertil)).contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .when().post("/v1/holds/{id}/suspend", bertilsHold)
                .then().statusCode(200).body("state", equalTo("suspended")).body("position", equalTo(1))
                .body("suspendedUntil", equalTo(until.toString()));
        given().auth().oauth2(token(bertil)).contentType(ContentType.JSON).body(Map.of("until", "2000-01-01"))
                .when().post("/v1/holds/{id}/suspend", bertilsHold)
                .then().statusCode(422).body("code", equalTo("suspension-date-invalid"));

        giveBack(anna, annasLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(annasLoan));
        availability(title, 1, 1);
        awaitState(cecilia, ceciliasHold, "ready");
        hold(bertil, bertilsHold).then().body("state", equalTo("suspended")).body("position", equalTo(1));
        given().auth().oauth2(token(cecilia)).contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .when().post("/v1/holds/{id}/suspend", ceciliasHold).then().statusCode(409).body("code", equalTo("hold-ready"));

        given().auth().oauth2(token(bertil)).when().post("/v1/holds/{id}/resume", bertilsHold)
                .then().statusCode(200).body("state", equalTo("waiting"));
        given().auth().oauth2(token(cecilia)).when().delete("/v1/holds/{id}", ceciliasHold)
                .then().statusCode(200).body("state", equalTo("cancelled")).body("endReason", equalTo("patron-cancelled"));
        LicenseServiceStandIn.release(UUID.fromString(ceciliasHold));
        availability(title, 1, 1);
        awaitState(bertil, bertilsHold, "ready");
    }

    @Test
    void holdRulesAreAnsweredTogetherAndHoldsArePrivate() {
        UUID patron = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID full = LicenseServiceStandIn.titleWithCopies(0);
        String first = placeHold(patron, full).then().statusCode(201).extract().path("id");
        placeHold(patron, full).then().statusCode(422).body("code", equalTo("hold-refused"))
                .body("errors.code", hasItem("already-on-hold"));
        for (int i = 0; i < 4; i++) {
            placeHold(patron, UUID.randomUUID()).then().statusCode(201);
        }
        given().auth().oauth2(token(patron)).header("Accept-Language", "sv").contentType(ContentType.JSON)
                .body(Map.of("publicationId", UUID.randomUUID())).when().post("/v1/holds")
                .then().statusCode(422).body("errors[0].code", equalTo("hold-limit-reached"))
                .body("errors[0].title", equalTo("Reservationsgränsen nådd"));
        given().auth().oauth2(token(patron)).when().get("/v1/me/limits").then().statusCode(200)
                .body("holdsUsed", equalTo(5)).body("holdLimit", equalTo(5)).body("loansUsed", equalTo(0)).body("blocked", equalTo(false));

        given().auth().oauth2(token(other)).when().get("/v1/holds/{id}", first).then().statusCode(404).body("code", equalTo("hold-not-found"));
        given().auth().oauth2(token(other)).when().delete("/v1/holds/{id}", first).then().statusCode(404);
        given().auth().oauth2(token(other)).when().get("/v1/holds").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(token(patron)).when().delete("/v1/holds/{id}", first).then().statusCode(200);
        given().auth().oauth2(token(patron)).when().delete("/v1/holds/{id}", first).then().statusCode(409).body("code", equalTo("hold-not-open"));
        given().auth().oauth2(token(patron)).when().get("/v1/holds").then().body("size()", equalTo(4));
        given().auth().oauth2(token(patron)).when().get("/v1/holds?state=all").then().body("size()", equalTo(5));
        given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body("{}").when().post("/v1/holds")
                .then().statusCode(400).body("errors[0].field", equalTo("publicationId"));
    }

    @Test
    void aFreeCopyIsBorrowedNotHeldAndTheDryRunUsesTheLastKnownAvailability() {
        UUID free = UUID.randomUUID();
        UUID taken = UUID.randomUUID();
        availability(free, 2, 2);
        availability(taken, 1, 0);
        awaitAvailabilityKnown(free);
        awaitAvailabilityKnown(taken);
        placeHold(UUID.randomUUID(), free).then().statusCode(422).body("errors.code", hasItems("copy-available"));
        UUID patron = UUID.randomUUID();
        given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body(Map.of("publicationId", free))
                .when().post("/v1/loans/dry-run").then().statusCode(200).body("borrowable", equalTo(true));
        given().auth().oauth2(token(patron)).header("Accept-Language", "fi").contentType(ContentType.JSON)
                .body(Map.of("publicationId", taken)).when().post("/v1/loans/dry-run")
                .then().statusCode(200).body("borrowable", equalTo(false)).body("reasons[0].code", equalTo("no-free-copy"))
                .body("reasons[0].title", equalTo("Ei vapaata kappaletta"));
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("size()", equalTo(0));
    }

    @Test
    void aTitleNoLicenceCanLendAgainSaysSoInTheDryRunTheBorrowAndTheHold() {
        UUID title = UUID.randomUUID();
        // every licence of the title expired: license-service reports no seats at all and refuses seats with no-licence-left
        var refusal = LicenseServiceStandIn.answer(title, com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":409,\"code\":\"no-licence-left\"}"));
        try {
            availability(title, 0, 0);
            awaitAvailabilityKnown(title);
            UUID patron = UUID.randomUUID();
            // not no-free-copy: that would invite a hold that is then refused
            given().auth().oauth2(token(patron)).header("Accept-Language", "fi").contentType(ContentType.JSON)
                    .body(Map.of("publicationId", title)).when().post("/v1/loans/dry-run")
                    .then().statusCode(200).body("borrowable", equalTo(false))
                    .body("reasons.code", equalTo(List.of("no-licence-left")))
                    .body("reasons[0].title", equalTo("Ei lisenssejä jäljellä"));
            borrow(patron, title).then().statusCode(422).body("errors.code", equalTo(List.of("no-licence-left")));
            placeHold(patron, title).then().statusCode(422).body("errors.code", hasItem("no-licence-left"));
        } finally {
            LicenseServiceStandIn.forget(refusal);
        }
    }

    static void awaitAvailabilityKnown(UUID title) {
        await().atMost(Duration.ofSeconds(20)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            fi.lainaamo.loan.titles.Title known = fi.lainaamo.loan.titles.Title.findById(title);
            return known != null && known.seatsFree != null;
        }));
    }
}
