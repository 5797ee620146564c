package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.license.TestDb;
import fi.lainaamo.license.licences.Licence;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fi.lainaamo.license.seats.HoldSeatTest.licenceOf;
import static fi.lainaamo.license.seats.LoanEventPoll.accept;
import static fi.lainaamo.license.seats.LoanEventPoll.cancelled;
import static fi.lainaamo.license.seats.LoanEventPoll.returned;
import static fi.lainaamo.license.seats.LoanEventPoll.started;
import static fi.lainaamo.license.seats.LoanEventsTest.releases;
import static fi.lainaamo.license.seats.LoanEventsTest.state;
import static fi.lainaamo.license.seats.SeatResourceTest.availability;
import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A poll's seat changes are made together (issue 14: one by one, the consumer fell minutes behind): titles locked in
 * one statement, seats and licences read in two, each title's availability recorded once. The outcome must be what
 * applying the events one by one in order gives, and a seat must never be taken twice while a poll gives it back.
 */
@QuarkusTest
class LoanEventsBatchTest {

    @Test
    void aPollsSeatChangesEndAsOneByOneWouldWithOneAvailabilityPerTitle() {
        UUID publication = licensed(3, 10);
        UUID other = licensed(2, null);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        reserve(a, publication).then().statusCode(201);
        reserve(b, publication).then().statusCode(201);
        HoldSeatTest.hold(hold, publication, Instant.now().plusSeconds(86400)).then().statusCode(201);
        reserve(d, other).then().statusCode(201);
        availability(publication, 3, 0);
        long changesBefore = TestDb.events(EventTypes.AVAILABILITY_CHANGED, publication, publication);
        long otherChangesBefore = TestDb.events(EventTypes.AVAILABILITY_CHANGED, other, other);

        ConsumerRecord<String, String> returnedB = returned(b, publication);
        accept(started(a, publication), started(b, publication), started(d, other), returned(a, publication),
                cancelled(hold, publication), started(UUID.randomUUID(), publication), returnedB, returnedB);

        assertEquals(Seat.State.RELEASED, state(a), "started, then returned in the same poll");
        assertEquals(Seat.State.RELEASED, state(b));
        assertEquals(Seat.State.RELEASED, state(hold));
        assertEquals(Seat.State.CONFIRMED, state(d));
        assertEquals(1L, releases(a));
        assertEquals(1L, releases(b), "the same event twice in a poll releases once");
        assertEquals(1L, releases(hold));
        Licence licence = licence(publication);
        assertEquals(0, licence.seatsTaken);
        assertEquals(0, licence.seatsHeldForHolds);
        assertEquals(8, licence.checkoutsLeft, "a release gives no checkout back");
        availability(publication, 3, 3);
        availability(other, 2, 1);
        assertEquals(3, TestDb.events(EventTypes.LICENCE_RELEASED, licenceOf(publication), publication));
        assertEquals(changesBefore + 1, TestDb.events(EventTypes.AVAILABILITY_CHANGED, publication, publication),
                "the title's availability is recorded once for the poll");
        assertEquals(otherChangesBefore, TestDb.events(EventTypes.AVAILABILITY_CHANGED, other, other),
                "a confirmation changes no availability");
    }

    @Test
    void aChangeNamingAnotherTitleThanItsSeatsIsStillMadeInOrder() {
        UUID publication = licensed(1, null);
        UUID named = licensed(1, null);
        UUID loan = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);

        accept(started(loan, named), returned(loan, named), started(UUID.randomUUID(), named));

        assertEquals(Seat.State.RELEASED, state(loan), "confirmed, then released, under its own title's lock");
        assertEquals(1L, releases(loan));
        availability(publication, 1, 1);
        availability(named, 1, 1);
    }

    @Test
    void aSeatGivenBackInAPollIsCountedOnceWhileBorrowsRaceForIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            for (int round = 0; round < 5; round++) {
                UUID publication = licensed(2, null);
                UUID first = UUID.randomUUID();
                reserve(first, publication).then().statusCode(201);
                accept(started(first, publication));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> borrows = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    borrows.add(pool.submit(() -> {
                        go.await();
                        return reserve(UUID.randomUUID(), publication).statusCode();
                    }));
                }
                Future<?> poll = pool.submit(() -> {
                    go.await();
                    accept(returned(first, publication));
                    return null;
                });
                go.countDown();
                poll.get();
                int taken = 0;
                for (Future<Integer> borrow : borrows) {
                    int status = borrow.get();
                    assertEquals(true, status == 201 || status == 409, "a borrow is lent or refused, got " + status);
                    taken += status == 201 ? 1 : 0;
                }
                // one copy was free from the start; the one given back may come before or after every borrow
                Licence licence = licence(publication);
                assertEquals(true, taken >= 1 && taken <= 2, "two copies, one of them out, were lent " + taken + " times");
                assertEquals(taken, licence.seatsTaken, "the licence counts exactly the seats taken (no lost update)");
                assertEquals(taken, seatsHeld(publication));
                availability(publication, 2, 2 - taken);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPollOfEventsForSeatsNeverSeenChangesNothing() {
        UUID publication = licensed(1, null);
        UUID ghost = UUID.randomUUID();
        long changesBefore = TestDb.events(EventTypes.AVAILABILITY_CHANGED, publication, publication);
        accept(started(ghost, publication), returned(ghost, publication), cancelled(UUID.randomUUID(), UUID.randomUUID()));
        assertNull(QuarkusTransaction.requiringNew().call(() -> Seat.findById(ghost)));
        availability(publication, 1, 1);
        assertEquals(changesBefore, TestDb.events(EventTypes.AVAILABILITY_CHANGED, publication, publication));
    }

    private static Licence licence(UUID publication) {
        return QuarkusTransaction.requiringNew().call(() -> Licence.forPublication(publication).get(0));
    }

    private static long seatsHeld(UUID publication) {
        return QuarkusTransaction.requiringNew().call(() -> Seat.count("publicationId = ?1 and state <> ?2", publication, Seat.State.RELEASED));
    }
}
