package fi.lainaamo.license.seats;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.license.LoanServiceStandIn;
import fi.lainaamo.license.LoanServiceStandIn.Failure;
import fi.lainaamo.license.TestDb;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.license.seats.SeatResourceTest.availability;
import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 11: with the loan-events consumer stopped, seats are never confirmed by events; the sweep must still never
 * release the seat of an active loan, and a title must never be lent beyond its concurrency. The confirm window is
 * 2 s here (5 minutes in production), the sweep runs every second, and loan-service is simulated over HTTP.
 */
@QuarkusTest
@TestProfile(UnconfirmedSeatsTest.ShortConfirmWindow.class)
class UnconfirmedSeatsTest {

    /** Seats unconfirmed for 2 s are settled; the loan-events consumer can be paused; loan-service's answer waits at most 1 s. */
    public static class ShortConfirmWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lainaamo.seats.confirm-within", "2s",
                    "lainaamo.seats.sweep-every", "1s",
                    "mp.messaging.incoming.loan-events.pausable", "true",
                    "quarkus.rest-client.loan-service.read-timeout", "1000");
        }
    }

    static final Duration SWEEPS = Duration.ofSeconds(30);

    @Inject
    ChannelRegistry channels;

    @Test
    void whileTheConsumerIsPausedActiveLoansKeepTheirSeatsAndTheTitleIsNeverOversold() {
        UUID publication = licensed(2, null);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        LoanServiceStandIn.loanActive(anna);
        LoanServiceStandIn.loanActive(bertil);
        UUID annaStarted;
        UUID bertilStarted;
        channels.getPausable("loan-events").pause();
        try {
            reserve(anna, publication).then().statusCode(201);
            reserve(bertil, publication).then().statusCode(201);
            // loan-service committed both loans and published loan.started; the paused consumer does not see them
            annaStarted = started(anna, publication);
            bertilStarted = started(bertil, publication);

            await().atMost(SWEEPS).until(() -> state(anna) == Seat.State.CONFIRMED && state(bertil) == Seat.State.CONFIRMED);
            assertFalse(processed(annaStarted) || processed(bertilStarted), "the consumer was paused: the sweep confirmed the seats");
            // two more patrons try: the title stays at its two seats
            reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));
            reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));
            availability(publication, 2, 0);
            assertEquals(0, TestDb.ledger("RELEASED", publication));
        } finally {
            channels.getPausable("loan-events").resume();
        }
        // the late events change nothing: the seats stay confirmed
        await().atMost(SWEEPS).until(() -> processed(annaStarted) && processed(bertilStarted));
        assertEquals(Seat.State.CONFIRMED, state(anna));
        assertEquals(Seat.State.CONFIRMED, state(bertil));
        assertEquals(0, TestDb.ledger("RELEASED", publication));
        availability(publication, 2, 0);
        assertEquals(2, seatsHeld(publication));
    }

    @Test
    void aSeatWhoseLoanEndedOrWasNeverCommittedIsGivenBackAndAnActiveOneConfirmed() {
        UUID publication = licensed(3, null);
        UUID active = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        UUID neverCommitted = UUID.randomUUID();
        LoanServiceStandIn.loanActive(active);
        LoanServiceStandIn.loanEnded(ended);
        for (UUID loan : List.of(active, ended, neverCommitted)) {
            reserve(loan, publication).then().statusCode(201);
        }
        await().atMost(SWEEPS).until(() -> state(active) == Seat.State.CONFIRMED
                && state(ended) == Seat.State.RELEASED && state(neverCommitted) == Seat.State.RELEASED);
        availability(publication, 3, 2);
        assertEquals(2, TestDb.ledger("RELEASED", publication));
        assertEquals(2, TestDb.events(EventTypes.LICENCE_RELEASED, licenceOf(publication), publication));
    }

    @Test
    void whenLoanServiceCannotAnswerNoSeatIsReleased() {
        UUID publication = licensed(2, null);
        UUID active = UUID.randomUUID();
        UUID neverCommitted = UUID.randomUUID();
        LoanServiceStandIn.failFor(active, Failure.ERROR);
        reserve(active, publication).then().statusCode(201);
        reserve(neverCommitted, publication).then().statusCode(201);

        for (Failure failure : Failure.values()) {
            // every lookup that includes this loan fails (HTTP 500, a reset connection, no answer within the read
            // timeout), so the whole batch is unanswered
            LoanServiceStandIn.failFor(active, failure);
            int asked = LoanServiceStandIn.timesAsked(neverCommitted);
            await().atMost(SWEEPS).until(() -> LoanServiceStandIn.timesAsked(neverCommitted) >= asked + 3);
            assertEquals(Seat.State.RESERVED, state(active), failure.name());
            assertEquals(Seat.State.RESERVED, state(neverCommitted), failure.name());
            availability(publication, 2, 0);
            reserve(UUID.randomUUID(), publication).then().statusCode(409).body("code", equalTo("no-free-copy"));
        }
        assertEquals(0, TestDb.ledger("RELEASED", publication));

        // loan-service answers again: the active loan keeps its seat, the seat no loan took is given back
        LoanServiceStandIn.loanActive(active);
        await().atMost(SWEEPS).until(() -> state(active) == Seat.State.CONFIRMED && state(neverCommitted) == Seat.State.RELEASED);
        availability(publication, 2, 1);
    }

    @Test
    void aHoldSeatPastItsTimeIsReleasedWithoutAskingAndCanNoLongerBeLent() {
        UUID publication = licensed(1, null);
        UUID hold = UUID.randomUUID();
        HoldSeatTest.hold(hold, publication, Instant.now().plusSeconds(1)).then().statusCode(201);
        await().atMost(SWEEPS).until(() -> state(hold) == Seat.State.RELEASED);
        assertEquals(0, LoanServiceStandIn.timesAsked(hold));

        // the copy goes to someone else; loan-service, late with its own expiry, still tries to lend the hold's seat
        UUID walkIn = UUID.randomUUID();
        LoanServiceStandIn.loanActive(walkIn);
        reserve(walkIn, publication).then().statusCode(201);
        HoldSeatTest.lend(hold, UUID.randomUUID()).then().statusCode(409).body("code", equalTo("seat-released"));
        availability(publication, 1, 0);
        assertEquals(1, seatsHeld(publication));
    }

    static UUID started(UUID loan, UUID publication) {
        UUID eventId = UUID.randomUUID();
        String data = "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + publication
                + "\",\"municipality\":\"091\",\"startedAt\":\"" + Instant.now() + "\",\"dueAt\":\"" + Instant.now().plusSeconds(86400) + "\"}";
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), eventId, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service", data);
        return eventId;
    }

    static Seat.State state(UUID holder) {
        return QuarkusTransaction.requiringNew().call(() -> ((Seat) Seat.findById(holder)).state);
    }

    static boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !Seat.getEntityManager()
                .createNativeQuery("select 1 from processed_event where event_id = ?1").setParameter(1, eventId)
                .getResultList().isEmpty());
    }

    /** Seats of the title held now (reserved or confirmed, loans and holds). */
    static long seatsHeld(UUID publication) {
        return QuarkusTransaction.requiringNew().call(() -> Seat.count("publicationId = ?1 and state <> ?2", publication, Seat.State.RELEASED));
    }

    static UUID licenceOf(UUID publication) {
        return HoldSeatTest.licenceOf(publication);
    }
}
