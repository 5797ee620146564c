package fi.lainaamo.license.seats;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.license.TestCatalogue;
import fi.lainaamo.license.TestDb;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.Licence;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.license.seats.LoanEventsTest.processed;
import static fi.lainaamo.license.seats.SeatResourceTest.availability;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seat escrow (issue 14): license-service keeps two seats per title granted to loan-service, counts them as free,
 * lends one when loan-service's loan.started names it, never grants while holds wait or on a distributor's licence, and
 * asks grants back when their licence can no longer lend.
 */
@QuarkusTest
@TestProfile(SeatEscrowTest.TwoGrantsPerTitle.class)
class SeatEscrowTest {

    /** The escrow on, as in production (the other tests run with it off). */
    public static class TwoGrantsPerTitle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lainaamo.escrow.per-title", "2");
        }
    }

    static final Duration EVENTS = Duration.ofSeconds(20);

    @Inject
    Availability availability;

    @Test
    void aNewLicenceIsGrantedUpToTwoSeatsWhichCountAsFreeAndTheRestIsLeftForBorrowsThatAsk() {
        UUID publication = licensed(3, null, null);
        assertEquals(2, outstanding(publication).size());
        availability(publication, 3, 3);
        // the seat not granted is still lent on request; the granted ones are not
        reserve(UUID.randomUUID(), publication).then().statusCode(201);
        reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));
        availability(publication, 3, 2);
        // what loan-service asks after that refusal: the grants it may lend, as their events say them
        List<UUID> asked = outstanding(publication);
        given().auth().oauth2(SeatResourceTest.SERVICE).queryParam("publicationId", publication.toString()).get("/v1/seats/grants")
                .then().statusCode(200).body("grantId", org.hamcrest.Matchers.containsInAnyOrder(asked.get(0).toString(), asked.get(1).toString()))
                .body("publicationId", org.hamcrest.Matchers.everyItem(equalTo(publication.toString())))
                .body("licenceId", org.hamcrest.Matchers.everyItem(equalTo(licence(publication).id.toString())));
        // for loan-service only
        given().auth().oauth2(TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID())).queryParam("publicationId", publication.toString())
                .get("/v1/seats/grants").then().statusCode(403);
        given().auth().oauth2(SeatResourceTest.SERVICE).get("/v1/seats/grants").then().statusCode(400)
                .body("errors[0].field", equalTo("publicationId"));

        List<UUID> grants = outstanding(publication);
        java.util.Set<String> announced = new java.util.HashSet<>();
        TestKafka.readUntil(Topics.LICENCE, r -> {
            if (EventTypes.SEAT_GRANTED.equals(TestKafka.header(r, "ce_type")) && publication.toString().equals(r.key())) {
                grants.stream().map(UUID::toString).filter(r.value()::contains).forEach(announced::add);
            }
            return announced.size() == 2;
        }, EVENTS);
        long granted = announced.size();
        assertEquals(2, granted, "one seat-granted event per grant, keyed by the title");
    }

    @Test
    void aSingleCopyIsGrantedOnceNeverMoreThanTheFreeSeats() {
        UUID publication = licensed(1, null, null);
        assertEquals(1, outstanding(publication).size());
        availability(publication, 1, 1);
    }

    @Test
    void aLoanStartedFromAGrantConsumesItsCheckoutOnceAndTheGrantsAreToppedUp() {
        UUID publication = licensed(3, 5, null);
        UUID grant = outstanding(publication).get(0);
        String started = "{\"loanId\":\"" + grant + "\",\"patronId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + publication
                + "\",\"municipality\":\"091\",\"startedAt\":\"" + Instant.now() + "\",\"dueAt\":\"" + Instant.now().plusSeconds(86400) + "\"}";
        UUID eventId = UUID.randomUUID();
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), eventId, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service", started);
        // the same event again, and the same loan under another event id (a producer's retry): nothing more happens
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), eventId, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service", started);
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service", started);
        UUID marker = TestKafka.sendMarker(Topics.LOAN, publication.toString());
        await().atMost(EVENTS).until(() -> processed(marker));

        Seat seat = seat(grant);
        assertEquals("LOAN", seat.kind);
        assertEquals(Seat.State.CONFIRMED, seat.state);
        assertEquals("091", seat.municipality);
        assertEquals(1L, ledger(grant, "CONSUMED"));
        Licence licence = licence(publication);
        assertEquals(4, licence.checkoutsLeft, "one checkout consumed");
        assertEquals(3, licence.seatsTaken, "the loan and two grants again");
        assertEquals(2, licence.seatsGranted);
        assertEquals(2, outstanding(publication).size());
        availability(publication, 3, 2);
    }

    /**
     * One poll lending grants of two titles (issue 14: a poll's titles are topped up together, their grants and hold
     * queues read in one statement each): each title's grants are consumed once and topped up to two again, and each
     * title's availability is recorded once for the poll, with its own counts.
     */
    @Test
    void grantsOfTwoTitlesLentInOnePollAreConsumedAndEachTitleIsToppedUp() {
        UUID first = licensed(3, null, null);
        UUID second = licensed(4, null, null);
        UUID firstGrant = outstanding(first).get(0);
        List<UUID> secondGrants = outstanding(second);
        long firstChanges = TestDb.events(EventTypes.AVAILABILITY_CHANGED, first, first);
        long secondChanges = TestDb.events(EventTypes.AVAILABILITY_CHANGED, second, second);

        LoanEventPoll.accept(LoanEventPoll.started(secondGrants.get(0), second), LoanEventPoll.started(firstGrant, first),
                LoanEventPoll.started(secondGrants.get(1), second));

        for (UUID lent : List.of(firstGrant, secondGrants.get(0), secondGrants.get(1))) {
            assertEquals("LOAN", seat(lent).kind);
            assertEquals(Seat.State.CONFIRMED, seat(lent).state);
            assertEquals(1L, ledger(lent, "CONSUMED"));
        }
        assertEquals(2, licence(first).seatsGranted);
        assertEquals(3, licence(first).seatsTaken, "its loan and two grants");
        assertEquals(2, licence(second).seatsGranted);
        assertEquals(4, licence(second).seatsTaken, "its two loans and two grants");
        assertEquals(2, outstanding(first).size());
        assertEquals(2, outstanding(second).size());
        availability(first, 3, 2);
        availability(second, 4, 2);
        assertEquals(firstChanges + 1, TestDb.events(EventTypes.AVAILABILITY_CHANGED, first, first));
        assertEquals(secondChanges + 1, TestDb.events(EventTypes.AVAILABILITY_CHANGED, second, second),
                "two loans of the title in the poll: its availability recorded once");
    }

    @Test
    void noGrantsWhileHoldsWaitTheOutstandingOnesAreAskedBackAndTheQueueEmptyTopsThemUp() {
        UUID publication = licensed(2, null, null);
        List<UUID> grants = outstanding(publication);
        assertEquals(2, grants.size());
        queueChanged(publication, 1, 1);
        await().atMost(EVENTS).until(() -> outstanding(publication).stream().allMatch(g -> seat(g).revokedAt != null));
        TestKafka.readUntil(Topics.LICENCE, r -> EventTypes.SEAT_GRANT_REVOKED.equals(TestKafka.header(r, "ce_type"))
                && r.value().contains(grants.get(1).toString()), EVENTS);

        // loan-service gives one back: its seat is free, and not granted again while someone waits
        returned(publication, grants.get(0));
        await().atMost(EVENTS).until(() -> seat(grants.get(0)).state == Seat.State.RELEASED);
        assertEquals(1, outstanding(publication).size());
        assertEquals(1, licence(publication).seatsGranted);
        availability(publication, 2, 2);
        // the hold's seat is taken from the free one
        HoldSeatTest.hold(UUID.randomUUID(), publication, Instant.now().plusSeconds(86400)).then().statusCode(201);
        returned(publication, grants.get(1));
        await().atMost(EVENTS).until(() -> seat(grants.get(1)).state == Seat.State.RELEASED);
        assertEquals(0, outstanding(publication).size());

        // nobody waits any more: the free seat is granted again
        queueChanged(publication, 0, 2);
        await().atMost(EVENTS).until(() -> outstanding(publication).size() == 1);
        availability(publication, 2, 1);
    }

    @Test
    void aDistributorsLicenceIsNeverGranted() {
        UUID publication = TestCatalogue.publication();
        QuarkusTransaction.requiringNew().run(() -> {
            availability.lock(publication);
            Licence licence = new Licence();
            licence.id = UUID.randomUUID();
            licence.publicationId = publication;
            licence.concurrency = 5;
            licence.createdAt = Instant.now();
            licence.checkoutUrl = "https://distributor.example/checkout{?id}";
            licence.persist();
            availability.changed(publication);
        });
        assertEquals(0, outstanding(publication).size());
        availability(publication, 5, 5);
    }

    @Test
    void anExpiredLicencesGrantsAreAskedBackAndReleasedWhenGivenBack() {
        UUID publication = licensed(2, null, Instant.now().plusSeconds(3));
        List<UUID> grants = outstanding(publication);
        assertEquals(2, grants.size());
        // the expiry check runs every second in tests and records the availability, which asks the grants back
        await().atMost(EVENTS).until(() -> grants.stream().allMatch(g -> seat(g).revokedAt != null));
        // asked back: no longer offered to a borrow that missed them
        given().auth().oauth2(SeatResourceTest.SERVICE).queryParam("publicationId", publication.toString()).get("/v1/seats/grants")
                .then().statusCode(200).body("size()", equalTo(0));
        for (UUID grant : grants) {
            returned(publication, grant);
        }
        await().atMost(EVENTS).until(() -> grants.stream().allMatch(g -> seat(g).state == Seat.State.RELEASED));
        Licence licence = licence(publication);
        assertEquals(0, licence.seatsTaken);
        assertEquals(0, licence.seatsGranted);
        assertEquals(2L, grants.stream().mapToLong(g -> ledger(g, "RELEASED")).sum());
        availability(publication, 0, 0);
    }

    static UUID licensed(int concurrency, Integer checkouts, Instant expires) {
        UUID publication = TestCatalogue.publication();
        Map<String, Object> terms = new HashMap<>(Map.of("publicationId", publication, "concurrency", concurrency));
        if (checkouts != null) {
            terms.put("checkouts", checkouts);
        }
        if (expires != null) {
            terms.put("expires", expires.toString());
        }
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(terms)
                .when().post("/v1/licences").then().statusCode(201);
        return publication;
    }

    static void queueChanged(UUID publication, int waiting, long version) {
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.HOLD_QUEUE_CHANGED, "urn:lainaamo:loan-service",
                "{\"publicationId\":\"" + publication + "\",\"holdsWaiting\":" + waiting + ",\"version\":" + version + "}");
    }

    static void returned(UUID publication, UUID grant) {
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.SEAT_GRANT_RETURNED, "urn:lainaamo:loan-service",
                "{\"grantId\":\"" + grant + "\",\"publicationId\":\"" + publication + "\",\"reason\":\"revoked\",\"at\":\"" + Instant.now() + "\"}");
    }

    static List<UUID> outstanding(UUID publication) {
        return QuarkusTransaction.requiringNew().call(() -> Seat.grantsOutstanding(publication).stream().map(s -> s.holderId).toList());
    }

    static Seat seat(UUID holder) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Seat seat = Seat.findById(holder);
            assertNotNull(seat, "seat " + holder);
            return seat;
        });
    }

    static Licence licence(UUID publication) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Licence> all = Licence.forPublication(publication);
            assertTrue(all.size() == 1);
            return all.get(0);
        });
    }

    static long ledger(UUID holder, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> Consumption.count("holderId = ?1 and kind = ?2", holder, kind));
    }
}
