package fi.lainaamo.license.seats;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static fi.lainaamo.license.seats.SeatResourceTest.availability;
import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class LoanEventsTest {

    @Test
    void aLoanReturnedTwiceReleasesItsSeatOnce() {
        UUID publication = licensed(2, null);
        UUID loan = UUID.randomUUID();
        UUID patron = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);

        UUID startedId = UUID.randomUUID();
        String started = "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + patron + "\",\"publicationId\":\"" + publication
                + "\",\"municipality\":\"091\",\"startedAt\":\"" + Instant.now() + "\",\"dueAt\":\"" + Instant.now().plusSeconds(86400) + "\"}";
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), startedId, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service", started);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(loan) == Seat.State.CONFIRMED);

        UUID returnedId = UUID.randomUUID();
        String returned = "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + patron + "\",\"publicationId\":\"" + publication
                + "\",\"municipality\":\"091\",\"returnedAt\":\"" + Instant.now() + "\"}";
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), returnedId, EventTypes.LOAN_RETURNED, "urn:lainaamo:loan-service", returned);
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), returnedId, EventTypes.LOAN_RETURNED, "urn:lainaamo:loan-service", returned);
        // a marker event after the duplicate proves the duplicate has been consumed before we count
        UUID marker = TestKafka.sendMarker(Topics.LOAN, publication.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> processed(marker));

        assertEquals(Seat.State.RELEASED, state(loan));
        assertEquals(1L, releases(loan));
        availability(publication, 2, 2);
    }

    @Test
    void anExpiredLoanAndACancelledHoldGiveTheirSeatsBack() {
        UUID publication = licensed(2, null);
        UUID loan = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);
        HoldSeatTest.hold(hold, publication, Instant.now().plusSeconds(86400)).then().statusCode(201);
        availability(publication, 2, 0);

        UUID patron = UUID.randomUUID();
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.LOAN_EXPIRED, "urn:lainaamo:loan-service",
                "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + patron + "\",\"publicationId\":\"" + publication
                        + "\",\"municipality\":\"091\",\"expiredAt\":\"" + Instant.now() + "\"}");
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.HOLD_CANCELLED, "urn:lainaamo:loan-service",
                "{\"holdId\":\"" + hold + "\",\"patronId\":\"" + patron + "\",\"publicationId\":\"" + publication
                        + "\",\"reason\":\"patron\",\"at\":\"" + Instant.now() + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(loan) == Seat.State.RELEASED && state(hold) == Seat.State.RELEASED);
        availability(publication, 2, 2);
    }

    @Test
    void aLoanStartedAfterItsSeatWasSweptDoesNotBlockTheTitlesEvents() {
        UUID publication = licensed(1, null);
        UUID loan = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);
        io.restassured.RestAssured.given().auth().oauth2(SeatResourceTest.SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
        String started = "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + publication
                + "\",\"municipality\":\"091\",\"startedAt\":\"" + Instant.now() + "\",\"dueAt\":\"" + Instant.now().plusSeconds(86400) + "\"}";
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service", started);
        UUID marker = TestKafka.sendMarker(Topics.LOAN, publication.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> processed(marker));
        assertEquals(Seat.State.RELEASED, state(loan));
    }

    static Seat.State state(UUID loan) {
        return QuarkusTransaction.requiringNew().call(() -> ((Seat) Seat.findById(loan)).state);
    }

    static long releases(UUID loan) {
        return QuarkusTransaction.requiringNew().call(() -> Consumption.count("holderId = ?1 and kind = 'RELEASED'", loan));
    }

    static boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !Seat.getEntityManager()
                .createNativeQuery("select 1 from processed_event where event_id = ?1").setParameter(1, eventId)
                .getResultList().isEmpty());
    }
}
