package fi.lainaamo.loan.loans;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.SeatGrantRevoked;
import fi.lainaamo.events.SeatGranted;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.loan.seats.SeatGrants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.event;
import static fi.lainaamo.loan.Lending.placeHold;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seat escrow (issue 14): a walk-in borrow lends a seat license-service granted, in loan-service's one transaction,
 * without asking license-service; each grant is lent once whatever the concurrency; with none left the borrow asks for
 * its seat as before. Grants go back when license-service revokes them or when people wait for the title.
 */
@QuarkusTest
class EscrowBorrowTest {

    static final Duration EVENTS = Duration.ofSeconds(20);

    @Inject
    SeatGrants grants;

    @Test
    void manyConcurrentBorrowsLendEachGrantOnceThenTheSeatIsAskedFor() throws Exception {
        UUID title = LicenseServiceStandIn.titleWithCopies(1); // one seat left at license-service beside the grants
        int granted = 5;
        availability(title, granted + 1, granted + 1);
        Set<UUID> grantIds = new HashSet<>();
        for (int i = 0; i < granted; i++) {
            grantIds.add(grant(title, null));
        }
        await().atMost(EVENTS).until(() -> unused(title) == granted);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Response>> borrows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID patron = UUID.randomUUID();
            borrows.add(() -> borrow(patron, title));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : pool.invokeAll(borrows)) {
            answers.add(answer.get());
        }
        pool.shutdown();

        List<UUID> lent = new ArrayList<>();
        for (Response answer : answers) {
            if (answer.statusCode() == 201) {
                lent.add(UUID.fromString(answer.path("id")));
            } else {
                answer.then().statusCode(422).body("code", equalTo("borrow-refused"));
            }
        }
        List<UUID> fromGrants = lent.stream().filter(grantIds::contains).toList();
        assertEquals(grantIds, Set.copyOf(fromGrants), "every grant lent, each once, as the loan's id");
        assertEquals(granted, fromGrants.size());
        assertEquals(granted + 1, lent.size(), "the grants, then the one seat asked of license-service");
        assertEquals(0, unused(title));
        assertEquals(1, LicenseServiceStandIn.seatsOf(title).size(), "license-service was asked for one seat only");
        for (UUID grant : grantIds) {
            assertFalse(LicenseServiceStandIn.seatRequestsFor(title).contains(grant), "a grant is never asked for");
        }
        // each grant's loan went out as loan.started under the grant's id
        Set<UUID> announced = new HashSet<>();
        TestKafka.readUntil(Topics.LOAN, r -> {
            if (EventTypes.LOAN_STARTED.equals(TestKafka.header(r, "ce_type")) && title.toString().equals(r.key())) {
                grantIds.stream().filter(g -> r.value().contains(g.toString())).forEach(announced::add);
            }
            return announced.size() == granted;
        }, EVENTS);
        assertEquals(grantIds, announced);
    }

    @Test
    void aGrantedBorrowIsOneStepAndItsIdempotencyKeyReplaysIt() {
        UUID title = UUID.randomUUID();
        availability(title, 1, 1);
        Instant expires = Instant.now().plus(Duration.ofDays(10));
        UUID grant = grant(title, expires);
        await().atMost(EVENTS).until(() -> unused(title) == 1);
        UUID patron = UUID.randomUUID();
        String id = LoanResourceTest.borrow(patron, title, "escrow-key").then().statusCode(201)
                .header("Server-Timing", startsWith("escrow;dur="))
                .body("state", equalTo("active"))
                .extract().path("id");
        assertEquals(grant.toString(), id);
        // the due date is bounded by the licence's expiry the grant carried
        String due = LoanResourceTest.borrow(patron, title, "escrow-key").then().statusCode(200).body("id", equalTo(id)).extract().path("dueAt");
        assertEquals(expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Instant.parse(due).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertTrue(LicenseServiceStandIn.seatRequestsFor(title).isEmpty());
    }

    @Test
    void aRevokedGrantGoesBackAndAnExpiredOneIsNeverLent() {
        UUID title = UUID.randomUUID();
        availability(title, 2, 2);
        UUID revoked = grant(title, null);
        UUID expired = grant(title, Instant.now().minusSeconds(1));
        await().atMost(EVENTS).until(() -> unused(title) == 2);
        event(Topics.LICENCE, title, EventTypes.SEAT_GRANT_REVOKED, "urn:lainaamo:license-service",
                new SeatGrantRevoked(revoked, title, "licence-cannot-lend", Instant.now()));
        await().atMost(EVENTS).until(() -> unused(title) == 1);
        returned(title, revoked);

        // the expired grant is skipped: the borrow asks license-service (the stand-in grants a seat)
        String id = borrow(UUID.randomUUID(), title).then().statusCode(201).extract().path("id");
        assertFalse(expired.toString().equals(id));
        assertEquals(1, unused(title));
    }

    @Test
    void aGrantForATitlePeopleWaitForGoesStraightBackAndAHoldPlacedGivesTheUnusedOnesBack() {
        UUID waitedFor = titleWaitedFor();
        UUID late = grant(waitedFor, null);
        returned(waitedFor, late);
        assertEquals(0, unused(waitedFor));

        // a hold placed on a title whose copies loan-service has not heard of yet gives its unused grants back
        UUID title = UUID.randomUUID();
        UUID first = grant(title, null);
        await().atMost(EVENTS).until(() -> unused(title) == 1);
        placeHold(UUID.randomUUID(), title).then().statusCode(201);
        assertEquals(0, unused(title));
        returned(title, first);
    }

    // issue 14: a poll's grants are kept in a few statements whatever their number; the outcome is what one by one gives
    @Test
    void aPollsGrantsAreKeptTogetherAndThoseThatMustGoBackGoBack() {
        UUID known = UUID.randomUUID();
        availability(known, 3, 3);
        UUID unknown = UUID.randomUUID(); // no event of this title seen yet: its row is made
        UUID waitedFor = titleWaitedFor();
        UUID endedBefore = UUID.randomUUID(); // asked back before its grant came
        event(Topics.LICENCE, known, EventTypes.SEAT_GRANT_REVOKED, "urn:lainaamo:license-service",
                new SeatGrantRevoked(endedBefore, known, "holds-waiting", Instant.now()));
        returned(known, endedBefore);

        SeatGranted first = granted(known, 0);
        SeatGranted second = granted(known, 1);
        SeatGranted elsewhere = granted(unknown, 0);
        SeatGranted queued = granted(waitedFor, 0);
        SeatGranted ended = new SeatGranted(endedBefore, LicenseServiceStandIn.LICENCE, known, 14, null, 0, Instant.now());
        QuarkusTransaction.requiringNew().run(() -> grants.grantedAll(List.of(first, elsewhere, queued, second, first, ended, queued)));

        assertEquals(2, unused(known), "each grant once; the one that ended is not kept");
        assertEquals(1, unused(unknown));
        assertEquals(0, unused(waitedFor), "people wait for the title: its grant goes back");
        returned(waitedFor, queued.grantId());
        String id = borrow(UUID.randomUUID(), known).then().statusCode(201).extract().path("id");
        assertEquals(first.grantId().toString(), id, "the grant kept first is lent first");
        assertEquals(1, unused(known));
    }

    /** A grant of the title, granted {@code later} seconds from now (the order grants are lent in). */
    private static SeatGranted granted(UUID title, int later) {
        return new SeatGranted(UUID.randomUUID(), LicenseServiceStandIn.LICENCE, title, 14, null, 0,
                Instant.now().plusSeconds(later).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    // the race that kept the escrow off by default: every free seat is granted, and a walk-in reaches loan-service
    // before the grants' events do. license-service refuses it no-free-copy; loan-service then asks for the title's
    // grants, keeps them as the events would, and lends one. The late event does not bring the lent grant back.
    @Test
    void aWalkInAheadOfTheGrantsEventsIsLentAGrantLicenseServiceListsAndTheLateEventChangesNothing() throws Exception {
        UUID title = UUID.randomUUID();
        availability(title, 1, 1);
        UUID grant = UUID.randomUUID();
        SeatGranted granted = new SeatGranted(grant, LicenseServiceStandIn.LICENCE, title, 14, null, 0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        String listed = JSON.writeValueAsString(List.of(granted));
        var refusal = LicenseServiceStandIn.refuse(title, "no-free-copy");
        var listing = LicenseServiceStandIn.listGrants(title, listed);
        try {
            String id = borrow(UUID.randomUUID(), title).then().statusCode(201).extract().path("id");
            assertEquals(grant.toString(), id, "lent the listed grant, under its id");
            assertEquals(0, unused(title));

            // the grant's event arrives late, and license-service still lists the grant: it is never lent twice
            event(Topics.LICENCE, title, EventTypes.SEAT_GRANTED, "urn:lainaamo:license-service", granted);
            afterEarlierLicenceEvents(title);
            assertEquals(0, unused(title));
            borrow(UUID.randomUUID(), title).then().statusCode(422).body("errors.code", org.hamcrest.Matchers.hasItem("no-free-copy"));
            assertEquals(0, unused(title));
        } finally {
            LicenseServiceStandIn.forget(refusal);
            LicenseServiceStandIn.forget(listing);
        }
    }

    // a grant asked back before loan-service heard of it goes back at once, and its late event does not keep it
    @Test
    void aGrantRevokedBeforeItsEventArrivedGoesBackAndIsNotKeptLater() {
        UUID title = UUID.randomUUID();
        availability(title, 1, 1);
        UUID grant = UUID.randomUUID();
        event(Topics.LICENCE, title, EventTypes.SEAT_GRANT_REVOKED, "urn:lainaamo:license-service",
                new SeatGrantRevoked(grant, title, "holds-waiting", Instant.now()));
        returned(title, grant);
        event(Topics.LICENCE, title, EventTypes.SEAT_GRANTED, "urn:lainaamo:license-service",
                new SeatGranted(grant, LicenseServiceStandIn.LICENCE, title, 14, null, 0, Instant.now()));
        afterEarlierLicenceEvents(title);
        assertEquals(0, unused(title));
    }

    /**
     * Waits until loan-service has applied the title's licence events sent so far: a marker behind them on the same
     * key (an availability change of another title, which it records) is in its processed-event log.
     */
    void afterEarlierLicenceEvents(UUID title) {
        UUID marker = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TestKafka.sendCloudEvent(Topics.LICENCE, title.toString(), marker, EventTypes.AVAILABILITY_CHANGED, "urn:lainaamo:license-service",
                "{\"publicationId\":\"" + other + "\",\"seatsTotal\":1,\"seatsFree\":1,\"seatsHeldForHolds\":0,\"version\":1}");
        await().atMost(EVENTS).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_event where event_id = ?1").setParameter(1, marker).getSingleResult()).intValue() == 1));
    }

    @Inject
    jakarta.persistence.EntityManager em;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A title whose one copy is out, known so here, with a hold placed: people wait for it. */
    static UUID titleWaitedFor() {
        UUID title = UUID.randomUUID();
        availability(title, 1, 0);
        await().atMost(EVENTS).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            var t = fi.lainaamo.loan.titles.Title.<fi.lainaamo.loan.titles.Title>findById(title);
            return t != null && t.seatsFree != null && t.seatsFree == 0;
        }));
        placeHold(UUID.randomUUID(), title).then().statusCode(201);
        return title;
    }

    /** license-service grants a seat of the title (licence = the stand-in's licence). */
    static UUID grant(UUID title, Instant licenceExpires) {
        UUID id = UUID.randomUUID();
        event(Topics.LICENCE, title, EventTypes.SEAT_GRANTED, "urn:lainaamo:license-service",
                new SeatGranted(id, LicenseServiceStandIn.LICENCE, title, 14, licenceExpires, 0, Instant.now()));
        return id;
    }

    /** loan-service answered with seat-grant-returned for the grant. */
    static void returned(UUID title, UUID grant) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LOAN, r -> EventTypes.SEAT_GRANT_RETURNED.equals(TestKafka.header(r, "ce_type"))
                && r.value().contains(grant.toString()), EVENTS);
        ConsumerRecord<String, String> last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
        assertTrue(last != null && EventTypes.SEAT_GRANT_RETURNED.equals(TestKafka.header(last, "ce_type"))
                && last.value().contains(grant.toString()) && title.toString().equals(last.key()), "seat-grant-returned for " + grant);
    }

    long unused(UUID title) {
        return QuarkusTransaction.requiringNew().call(() -> grants.unused(title));
    }
}
