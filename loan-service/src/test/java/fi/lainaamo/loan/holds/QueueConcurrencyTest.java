package fi.lainaamo.loan.holds;

import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue's invariants under concurrency, against the real database (license-service simulated with a seat
 * ledger): one copy is lent once; positions have no gaps or duplicates and follow placement order; returns, cancels,
 * suspends and expiries racing each other never give one seat twice.
 */
@QuarkusTest
class QueueConcurrencyTest {

    @Inject
    HoldService holds;

    @Test
    void a100PatronRaceForOneCopyGivesOneLoanAndAGapFreeQueue() throws Exception {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        List<UUID> patrons = IntStream.range(0, 100).mapToObj(i -> UUID.randomUUID()).toList();

        List<Response> borrows = all(patrons.stream().<Callable<Response>>map(p -> () -> borrow(p, title)).toList());
        List<UUID> lenders = new ArrayList<>();
        for (int i = 0; i < patrons.size(); i++) {
            Response answer = borrows.get(i);
            if (answer.statusCode() == 201) {
                lenders.add(patrons.get(i));
            } else {
                assertEquals(422, answer.statusCode(), answer.asString());
                assertEquals("no-free-copy", answer.path("errors[0].code"), answer.asString());
            }
        }
        assertEquals(1, lenders.size());
        UUID lender = lenders.get(0);
        String loanId = borrows.get(patrons.indexOf(lender)).path("id");

        List<UUID> waiting = patrons.stream().filter(p -> !p.equals(lender)).toList();
        List<Response> placed = all(waiting.stream().<Callable<Response>>map(p -> () -> placeHold(p, title)).toList());
        placed.forEach(r -> assertEquals(201, r.statusCode(), r.asString()));
        List<Hold> queue = queue(title);
        assertGapFreeFifo(queue, 99);

        // the copy comes back while patrons cancel and suspend at the same moment
        LocalDate until = LocalDate.now(ZoneId.of("Europe/Helsinki")).plusDays(5);
        List<Hold> cancelling = queue.subList(0, 10);
        List<Hold> suspending = queue.subList(10, 15);
        List<Callable<Response>> racing = new ArrayList<>();
        racing.add(() -> giveBack(lender, loanId));
        cancelling.forEach(h -> racing.add(() -> given().auth().oauth2(token(h.patronId)).when().delete("/v1/holds/{id}", h.id)));
        suspending.forEach(h -> racing.add(() -> given().auth().oauth2(token(h.patronId)).contentType(ContentType.JSON)
                .body(Map.of("until", until.toString())).when().post("/v1/holds/{id}/suspend", h.id)));
        all(racing).forEach(r -> assertEquals(200, r.statusCode(), r.asString()));
        LicenseServiceStandIn.release(UUID.fromString(loanId));
        availability(title, 1, 1);

        Hold expectedReady = queue.get(15);
        await().atMost(Duration.ofSeconds(20)).until(() -> readyHolds(title).size() == 1);
        assertEquals(expectedReady.id, readyHolds(title).get(0).id, "the first patron who is neither gone nor suspended");
        assertEquals(Map.of(expectedReady.id.toString(), "HOLD"), LicenseServiceStandIn.seatsOf(title));
        assertGapFreeFifo(queue(title), 99 - 10);

        // the ready window passes while more patrons cancel and the same availability news arrives twice
        List<Callable<Object>> more = new ArrayList<>();
        more.add(() -> holds.expireReady(title, Instant.now().plus(Duration.ofDays(4))));
        queue.subList(20, 30).forEach(h -> more.add(() -> given().auth().oauth2(token(h.patronId)).when()
                .delete("/v1/holds/{id}", h.id).statusCode()));
        all(more);
        LicenseServiceStandIn.release(expectedReady.id);
        availability(title, 1, 1);
        availability(title, 1, 1);
        Hold next = queue.get(16);
        await().atMost(Duration.ofSeconds(20)).until(() -> readyHolds(title).size() == 1
                && readyHolds(title).get(0).id.equals(next.id));
        assertEquals(Map.of(next.id.toString(), "HOLD"), LicenseServiceStandIn.seatsOf(title));
        assertGapFreeFifo(queue(title), 99 - 10 - 1 - 10);
    }

    static void assertGapFreeFifo(List<Hold> queue, int expected) {
        assertEquals(expected, queue.size());
        List<Integer> positions = queue.stream().map(h -> QuarkusTransaction.requiringNew().call(() -> Hold.<Hold>findById(h.id).position())).toList();
        assertEquals(IntStream.rangeClosed(1, expected).boxed().toList(), positions, "positions 1..n in placement order");
        List<Instant> placedAt = queue.stream().map(h -> h.placedAt).toList();
        assertEquals(placedAt.stream().sorted().toList(), placedAt, "placement order is the queue order");
    }

    static List<Hold> queue(UUID title) {
        return QuarkusTransaction.requiringNew().call(() -> Hold.queue(title));
    }

    static List<Hold> readyHolds(UUID title) {
        return QuarkusTransaction.requiringNew().call(() -> Hold.<Hold>list("publicationId = ?1 and state = ?2 order by seq",
                title, Hold.State.READY));
    }

    static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 50));
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void twoDevicesNeverExceedTheHoldLimit() throws Exception {
        UUID patron = UUID.randomUUID();
        List<Response> placed = all(IntStream.range(0, 12).<Callable<Response>>mapToObj(i -> () -> placeHold(patron, UUID.randomUUID())).toList());
        assertEquals(5, placed.stream().filter(r -> r.statusCode() == 201).count());
        assertTrue(placed.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 422));
    }
}
