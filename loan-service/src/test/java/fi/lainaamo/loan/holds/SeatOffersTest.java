package fi.lainaamo.loan.holds;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.DatabaseSessions;
import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.platform.outbox.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.hold;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Free seats go to the queue with nothing held while license-service keeps a copy for a hold (issue 14): the consumer,
 * borrows and the title's own queue go on meanwhile; racing offers make no more holds ready than seats were granted and
 * no hold ready twice; a seat a crash left between asking and settling is settled by the offer sweep.
 */
@QuarkusTest
class SeatOffersTest {

    static final Duration SLOW_SEAT = Duration.ofSeconds(4);

    @Inject
    SeatOffers offers;

    @Inject
    EntityManager em;

    @Inject
    OutboxRelay relay;

    @Test
    void nothingIsHeldWhileLicenseServiceTakesItsTimeToKeepACopyForAHold() throws Exception {
        UUID slowTitle = UUID.randomUUID();
        UUID otherTitle = UUID.randomUUID();
        availability(slowTitle, 1, 0);
        availability(otherTitle, 1, 0);
        HoldFlowTest.awaitAvailabilityKnown(slowTitle);
        HoldFlowTest.awaitAvailabilityKnown(otherTitle);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        UUID cecilia = UUID.randomUUID();
        String annasHold = placeHold(anna, slowTitle).then().statusCode(201).extract().path("id");
        String bertilsHold = placeHold(bertil, slowTitle).then().statusCode(201).extract().path("id");
        String ceciliasHold = placeHold(cecilia, otherTitle).then().statusCode(201).extract().path("id");
        // a first borrow and cancel warm the paths up, so a session seen idle below is one waiting, not a cold start
        borrow(UUID.randomUUID(), UUID.randomUUID()).then().statusCode(201);
        String warmUp = placeHold(cecilia, UUID.randomUUID()).then().statusCode(201).extract().path("id");
        given().auth().oauth2(token(cecilia)).when().delete("/v1/holds/{id}", warmUp).then().statusCode(200);
        StubMapping slow = LicenseServiceStandIn.answerSlowly(slowTitle, SLOW_SEAT);
        try {
            // a copy comes back; keeping it for Anna takes license-service a while
            availability(slowTitle, 1, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> !LicenseServiceStandIn.seatRequestsFor(slowTitle).isEmpty());

            // meanwhile: Bertil cancels his hold of the same title, someone borrows another title, and the consumer
            // makes Cecilia's hold of a third title ready (neither the title's lock nor the consumer is held)
            CompletableFuture<Response> cancel = CompletableFuture.supplyAsync(() ->
                    given().auth().oauth2(token(bertil)).when().delete("/v1/holds/{id}", bertilsHold));
            CompletableFuture<Response> othersBorrow = CompletableFuture.supplyAsync(() -> borrow(UUID.randomUUID(), UUID.randomUUID()));
            availability(otherTitle, 1, 1);
            // and no session of loan-service sits idle inside a transaction, as one waiting for an answer would
            await().during(Duration.ofMillis(600)).atMost(Duration.ofMillis(1500))
                    .until(() -> DatabaseSessions.idleInTransaction(em, Duration.ofMillis(300)), empty());
            await().atMost(Duration.ofSeconds(3)).until(() -> cancel.isDone() && othersBorrow.isDone());
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> hold(cecilia, ceciliasHold).then().body("state", equalTo("ready")));
            hold(anna, annasHold).then().body("state", equalTo("waiting")); // the slow seat is still awaited

            cancel.get().then().statusCode(200).body("state", equalTo("cancelled"));
            othersBorrow.get().then().statusCode(201).body("state", equalTo("active"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> hold(anna, annasHold).then()
                    .body("state", equalTo("ready")).body("readyUntil", notNullValue()).body("position", equalTo(1)));
            assertEquals(List.of(UUID.fromString(annasHold)), LicenseServiceStandIn.seatRequestsFor(slowTitle));
        } finally {
            LicenseServiceStandIn.forget(slow);
        }
    }

    @Test
    void racingOffersMakeNoMoreHoldsReadyThanSeatsGrantedAndNoHoldReadyTwice() throws Exception {
        UUID title = LicenseServiceStandIn.titleWithCopies(2);
        availability(title, 2, 0);
        HoldFlowTest.awaitAvailabilityKnown(title);
        List<UUID> queue = IntStream.range(0, 5).mapToObj(i -> UUID.fromString(
                placeHold(UUID.randomUUID(), title).then().statusCode(201).extract().<String>path("id"))).toList();
        StubMapping slow = LicenseServiceStandIn.ledgerAnswersSlowly(title, Duration.ofMillis(500));
        try {
            // the read model believes four copies are free (license-service has two) and four offers start at once
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update title set seats_free = 4, offer_pending = true where publication_id = ?1").setParameter(1, title).executeUpdate());
            QueueConcurrencyTest.all(IntStream.range(0, 4).<Callable<Object>>mapToObj(i -> () -> {
                offers.offer(title);
                return null;
            }).toList());
        } finally {
            LicenseServiceStandIn.forget(slow);
        }

        // the first two in line are ready, on the two seats license-service has; nobody else, and nobody twice
        assertEquals(queue.subList(0, 2), QueueConcurrencyTest.readyHolds(title).stream().map(h -> h.id).toList());
        assertEquals(Map.of(queue.get(0).toString(), "HOLD", queue.get(1).toString(), "HOLD"), LicenseServiceStandIn.seatsOf(title));
        assertEquals(Map.of(queue.get(0), 1L, queue.get(1), 1L), holdReadyEventsOf(title));
        // the refusal taught the read model that no copy is free; nothing is marked or noted any more
        assertEquals(0, (Integer) column("select seats_free from title where publication_id = ?1", title));
        assertEquals(false, column("select offer_pending from title where publication_id = ?1", title));
        assertEquals(0L, column("select count(*) from hold where publication_id = ?1 and seat_asked_at is not null", title));
    }

    @Test
    void anOfferCutOffAndAnotherAskingAgainForTheSameHoldMakeItReadyOnce() throws Exception {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        availability(title, 1, 0);
        HoldFlowTest.awaitAvailabilityKnown(title);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        String annasHold = placeHold(anna, title).then().statusCode(201).extract().path("id");
        String bertilsHold = placeHold(bertil, title).then().statusCode(201).extract().path("id");
        StubMapping slow = LicenseServiceStandIn.ledgerAnswersSlowly(title, Duration.ofSeconds(3));
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update title set seats_free = 1 where publication_id = ?1").setParameter(1, title).executeUpdate());
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> offers.offer(title));
            await().atMost(Duration.ofSeconds(10)).until(() -> !LicenseServiceStandIn.seatRequestsFor(title).isEmpty());
            // the first offer seems cut off (its ask is older than the timeout): a second one asks again for Anna
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update hold set seat_asked_at = seat_asked_at - interval '10 minutes' where id = ?1")
                    .setParameter(1, UUID.fromString(annasHold)).executeUpdate());
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> offers.offer(title));
            CompletableFuture.allOf(first, second).get();
        } finally {
            LicenseServiceStandIn.forget(slow);
        }

        hold(anna, annasHold).then().body("state", equalTo("ready"));
        hold(bertil, bertilsHold).then().body("state", equalTo("waiting")).body("position", equalTo(2));
        assertEquals(List.of(UUID.fromString(annasHold)), QueueConcurrencyTest.readyHolds(title).stream().map(h -> h.id).toList());
        assertTrue(LicenseServiceStandIn.seatRequestsFor(title).size() >= 2, "asked again");
        assertTrue(LicenseServiceStandIn.seatRequestsFor(title).stream().allMatch(UUID.fromString(annasHold)::equals),
                "only Anna's seat was asked for, never Bertil's");
        assertEquals(Map.of(annasHold, "HOLD"), LicenseServiceStandIn.seatsOf(title));
        assertEquals(Map.of(UUID.fromString(annasHold), 1L), holdReadyEventsOf(title));
        assertEquals(0L, column("select count(*) from hold where publication_id = ?1 and seat_asked_at is not null", title));
    }

    @Test
    void aSeatACrashLeftBetweenAskingAndSettlingIsKeptForTheWaitingHoldOrGivenBack() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID cancelledTitle = LicenseServiceStandIn.titleWithCopies(1);
        availability(title, 1, 0);
        availability(cancelledTitle, 1, 0);
        HoldFlowTest.awaitAvailabilityKnown(title);
        HoldFlowTest.awaitAvailabilityKnown(cancelledTitle);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        String annasHold = placeHold(anna, title).then().statusCode(201).extract().path("id");
        String bertilsHold = placeHold(bertil, cancelledTitle).then().statusCode(201).extract().path("id");

        // an offer asked for both seats and license-service took them, then loan-service stopped before settling
        Instant heldUntil = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        LicenseServiceStandIn.takeSeat(UUID.fromString(annasHold), title, "HOLD", heldUntil);
        LicenseServiceStandIn.takeSeat(UUID.fromString(bertilsHold), cancelledTitle, "HOLD", heldUntil);
        markAsked(annasHold, Instant.now());
        markAsked(bertilsHold, Instant.now());
        // while the seat is being asked for, the hold cannot be suspended (a seat given back could not be had again)
        LocalDate until = LocalDate.now(ZoneId.of("Europe/Helsinki")).plusDays(5);
        given().auth().oauth2(token(anna)).header("Accept-Language", "fi").contentType(ContentType.JSON)
                .body(Map.of("until", until.toString())).when().post("/v1/holds/{id}/suspend", annasHold)
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("hold-being-offered"))
                .body("title", equalTo("Kappale on tulossa"));
        // Bertil cancels meanwhile; license-service's lookup still sees Anna's hold waiting
        given().auth().oauth2(token(bertil)).when().delete("/v1/holds/{id}", bertilsHold).then().statusCode(200);
        lookup(annasHold, bertilsHold).body("holders.state", contains("waiting", "ended"));

        // the asks grow older than the timeout: the offer sweep settles them
        markAsked(annasHold, Instant.now().minus(Duration.ofMinutes(10)));
        markAsked(bertilsHold, Instant.now().minus(Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> hold(anna, annasHold).then().body("state", equalTo("ready")));
        // Anna's hold is ready with the seat license-service kept for it: until the seat's end, and no second seat
        hold(anna, annasHold).then().body("readyUntil", equalTo(heldUntil.toString()));
        assertEquals(Map.of(annasHold, "HOLD"), LicenseServiceStandIn.seatsOf(title));
        lookup(annasHold).body("holders.state", contains("ready"));
        // Bertil's seat went back
        await().atMost(Duration.ofSeconds(20)).until(() -> LicenseServiceStandIn.seatsOf(cancelledTitle).isEmpty());
        assertTrue(LicenseServiceStandIn.releaseAskedFor(UUID.fromString(bertilsHold)));
        await().atMost(Duration.ofSeconds(5)).until(() -> 0L == (Long) column(
                "select count(*) from hold where publication_id in (?1) and seat_asked_at is not null", List.of(title, cancelledTitle)));
    }

    @Test
    void aSeatAskLicenseServiceDidNotAnswerStaysMarkedAndIsAskedAgainLater() {
        UUID title = UUID.randomUUID();
        availability(title, 1, 0);
        HoldFlowTest.awaitAvailabilityKnown(title);
        UUID anna = UUID.randomUUID();
        String annasHold = placeHold(anna, title).then().statusCode(201).extract().path("id");
        StubMapping down = LicenseServiceStandIn.answer(title, com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503));
        try {
            availability(title, 1, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> !LicenseServiceStandIn.seatRequestsFor(title).isEmpty());
            // whether license-service kept a seat is unknown: the hold stays waiting and marked, and is not asked again
            // before the timeout however often the title is offered
            await().atMost(Duration.ofSeconds(10)).until(() -> 1L == (Long) column(
                    "select count(*) from hold where publication_id = ?1 and seat_asked_at is not null", title));
            offers.offer(title);
            hold(anna, annasHold).then().body("state", equalTo("waiting"));
            assertEquals(1, LicenseServiceStandIn.seatRequestsFor(title).size());
        } finally {
            LicenseServiceStandIn.forget(down);
        }
        // license-service answers again; once the ask is older than the timeout the sweep asks again
        markAsked(annasHold, Instant.now().minus(Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> hold(anna, annasHold).then().body("state", equalTo("ready")));
        assertEquals(List.of(UUID.fromString(annasHold), UUID.fromString(annasHold)), LicenseServiceStandIn.seatRequestsFor(title));
    }

    /** How many hold.ready events each of the title's holds got, once everything committed has been published. */
    Map<UUID, Long> holdReadyEventsOf(UUID title) {
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.pending() == 0);
        UUID marker = TestKafka.sendMarker(Topics.LOAN, title.toString());
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LOAN,
                r -> marker.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(20));
        return seen.stream().filter(r -> title.toString().equals(r.key()) && EventTypes.HOLD_READY.equals(TestKafka.header(r, "ce_type")))
                .map(r -> UUID.fromString(r.value().replaceAll(".*\"holdId\":\"([^\"]+)\".*", "$1")))
                .collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()));
    }

    void markAsked(String holdId, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update hold set seat_asked_at = ?1 where id = ?2")
                .setParameter(1, at.truncatedTo(ChronoUnit.MICROS)).setParameter(2, UUID.fromString(holdId)).executeUpdate());
    }

    Object column(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql).setParameter(1, parameter).getSingleResult());
    }

    static ValidatableResponse lookup(String... ids) {
        return given().auth().oauth2(TestTokens.service("license-service")).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(ids))).when().post("/v1/seat-holders/lookup").then().statusCode(200);
    }
}
