package fi.lainaamo.loan.loans;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.loan.DatabaseSessions;
import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.loan.holds.HoldService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.hold;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A borrow commits its loan as pending, asks license-service for the seat with nothing held, then starts the loan
 * (issues 12 and 14): others are not held up by a slow seat, a refused or lost seat leaves no loan, a retry while
 * pending is told so, and a borrow a crash left pending is swept and its seat given back.
 */
@QuarkusTest
class BorrowStepsTest {

    static final Duration SLOW_SEAT = Duration.ofSeconds(3);

    @Inject
    EntityManager em;

    @Inject
    Sweeps sweeps;

    @Inject
    HoldService holds;

    @Test
    void nothingIsHeldWhileLicenseServiceTakesItsTimeToAnswer() throws Exception {
        UUID slowTitle = UUID.randomUUID();
        StubMapping slow = LicenseServiceStandIn.answerSlowly(slowTitle, SLOW_SEAT);
        try {
            UUID patron = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            String earlierLoan = borrow(patron, UUID.randomUUID()).then().statusCode(201).extract().path("id");

            CompletableFuture<Response> slowBorrow = CompletableFuture.supplyAsync(() -> borrow(patron, slowTitle));
            await().atMost(Duration.ofSeconds(10)).until(() -> !LicenseServiceStandIn.seatRequestsFor(slowTitle).isEmpty());

            // while license-service has not answered: another patron borrows, the same patron returns another loan
            // and borrows again from a second device (neither the title's nor the patron's lock is held)
            CompletableFuture<Response> othersBorrow = CompletableFuture.supplyAsync(() -> borrow(other, UUID.randomUUID()));
            CompletableFuture<Response> ownReturn = CompletableFuture.supplyAsync(() -> giveBack(patron, earlierLoan));
            CompletableFuture<Response> ownBorrow = CompletableFuture.supplyAsync(() -> borrow(patron, UUID.randomUUID()));
            // and no session of loan-service sits idle inside a transaction, as one waiting for an answer would
            await().during(Duration.ofMillis(600)).atMost(Duration.ofMillis(1500))
                    .until(() -> DatabaseSessions.idleInTransaction(em, Duration.ofMillis(300)), empty());
            await().atMost(Duration.ofSeconds(10)).until(() -> othersBorrow.isDone() && ownReturn.isDone() && ownBorrow.isDone());
            assertFalse(slowBorrow.isDone(), "the other requests were answered while the slow seat was still awaited");

            othersBorrow.get().then().statusCode(201).body("state", equalTo("active"));
            ownReturn.get().then().statusCode(200).body("state", equalTo("returned"));
            ownBorrow.get().then().statusCode(201).body("state", equalTo("active"));
            String slowLoan = slowBorrow.get().then().statusCode(201).body("state", equalTo("active")).extract().path("id");
            given().auth().oauth2(token(patron)).when().get("/v1/loans").then().statusCode(200).body("", hasSize(2))
                    .body("id", hasItem(slowLoan));
        } finally {
            LicenseServiceStandIn.forget(slow);
        }
    }

    @Test
    void whatTheAvailabilityAlreadyRulesOutIsRefusedWithoutAskingLicenseServiceOrWaitingForTheTitle() throws Exception {
        UUID title = UUID.randomUUID();
        UUID holder = UUID.randomUUID();
        knownAvailability(title, 1, 1);
        borrow(holder, title).then().statusCode(201);
        knownAvailability(title, 1, 0);
        int asked = LicenseServiceStandIn.seatRequestsFor(title).size();

        // the title's row is locked, as a borrow or hold of it in its last step keeps it: a refusal does not wait for it
        try (HeldLock titleLock = titleLocked(title)) {
            UUID other = UUID.randomUUID();
            // answered while the lock is still held (before the change it waited for the lock, then asked license-service)
            CompletableFuture.supplyAsync(() -> borrow(other, title)).get(5, java.util.concurrent.TimeUnit.SECONDS)
                    .then().statusCode(422).contentType("application/problem+json").body("errors.code", contains("no-free-copy"));
            // as the dry-run says, so the app offers a hold; and nothing was asked of license-service
            given().auth().oauth2(token(other)).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                    .when().post("/v1/loans/dry-run").then().statusCode(200).body("reasons.code", contains("no-free-copy"));
            assertEquals(asked, LicenseServiceStandIn.seatRequestsFor(title).size(), "a known refusal asks for no seat");
            assertTrue(statesOf(title).stream().noneMatch("PENDING"::equals), "a known refusal writes no loan");
        }
    }

    @Test
    void aKnownRefusalDoesNotWaitForThePatronsLockEither() throws Exception {
        UUID title = UUID.randomUUID();
        knownAvailability(title, 1, 0);
        UUID patron = UUID.randomUUID();
        // the patron's row is locked, as another of the patron's borrows keeps it while it runs (a hot title's rush
        // brings the same patron's devices and retries at once): the refusal is answered beside it, not behind it
        try (HeldLock patronLock = patronLocked(patron)) {
            CompletableFuture.supplyAsync(() -> borrow(patron, title)).get(5, java.util.concurrent.TimeUnit.SECONDS)
                    .then().statusCode(422).contentType("application/problem+json").body("errors.code", contains("no-free-copy"));
            assertTrue(statesOf(title).isEmpty(), "a known refusal writes no loan");
        }
    }

    @Test
    void aBorrowThatFindsTheTitleBusyIsRefusedAsSoonAsOthersTakeTheFreeCopyNotWhenTheLockIsLetGo() throws Exception {
        UUID title = UUID.randomUUID();
        knownAvailability(title, 1, 1);

        // a rush: the title's row is locked by a borrow in its first step, and the one free copy is still free as far
        // as the newcomer can tell, so it may not be refused yet
        UUID first = UUID.randomUUID();
        UUID newcomer = UUID.randomUUID();
        try (HeldLock titleLock = titleLocked(title)) {
            CompletableFuture<Response> borrowing;
            // the newcomer's own lock is held too until it has passed the look at the known availability
            try (HeldLock patronLock = patronLocked(newcomer)) {
                borrowing = CompletableFuture.supplyAsync(() -> borrow(newcomer, title));
                await().atMost(Duration.ofSeconds(10)).until(() -> DatabaseSessions.waitingForALock(em), hasSize(1));
            }
            // it looks again rather than queue for the title's lock (before the change it waited for the lock in its
            // transaction, holding a connection), and is not refused while the copy is free as far as it can tell
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> DatabaseSessions.waitingForALock(em), empty());
            assertFalse(borrowing.isDone(), "a copy is still free: the newcomer is not refused");
            // the borrow holding the lock commits its pending loan for the free copy (and would then let the lock go)
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into loan (id, patron_id, publication_id, "
                    + "municipality, state, started_at, due_at, updated_at) values (?1, ?2, ?3, '091', 'PENDING', now(), now() + interval '21 days', now())")
                    .setParameter(1, first).setParameter(2, UUID.randomUUID()).setParameter(3, title).executeUpdate());
            // the newcomer is refused at its next look, while the lock is still held
            borrowing.get(5, java.util.concurrent.TimeUnit.SECONDS)
                    .then().statusCode(422).contentType("application/problem+json").body("errors.code", contains("no-free-copy"));
            assertEquals(List.of("PENDING"), statesOf(title), "the newcomer wrote no loan");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from loan where id = ?1").setParameter(1, first).executeUpdate());
        }
    }

    /** A row lock held by a transaction of its own, as another request would hold it, until closed. */
    private static final class HeldLock implements AutoCloseable {
        private final CompletableFuture<Void> release = new CompletableFuture<>();
        private final CompletableFuture<Void> holder;

        HeldLock(Runnable take) throws Exception {
            CompletableFuture<Void> held = new CompletableFuture<>();
            holder = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
                take.run();
                held.complete(null);
                release.join();
            }));
            CompletableFuture.anyOf(held, holder).get(10, java.util.concurrent.TimeUnit.SECONDS);
            holder.getNow(null); // throws if taking the lock failed
        }

        @Override
        public void close() throws Exception {
            release.complete(null);
            holder.get();
        }
    }

    private HeldLock titleLocked(UUID title) throws Exception {
        return new HeldLock(() -> em.createNativeQuery("select 1 from title where publication_id = ?1 for update")
                .setParameter(1, title).getResultList());
    }

    private HeldLock patronLocked(UUID patron) throws Exception {
        return new HeldLock(() -> {
            em.createNativeQuery("insert into patron_lock (patron_id) values (?1) on conflict do nothing").setParameter(1, patron).executeUpdate();
            em.createNativeQuery("select 1 from patron_lock where patron_id = ?1 for update").setParameter(1, patron).getResultList();
        });
    }

    @Test
    void onceEveryFreeCopyIsBeingBorrowedANewcomerIsRefusedWithoutAskingLicenseService() throws Exception {
        UUID title = UUID.randomUUID();
        knownAvailability(title, 2, 2);
        StubMapping slow = LicenseServiceStandIn.answerSlowly(title, SLOW_SEAT);
        try {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> borrow(UUID.randomUUID(), title));
            CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> borrow(UUID.randomUUID(), title));
            await().atMost(Duration.ofSeconds(10)).until(() -> LicenseServiceStandIn.seatRequestsFor(title).size() == 2);

            // both free copies are being asked for: the third borrower hears "no free copy" at once, with the hold offer
            UUID third = UUID.randomUUID();
            CompletableFuture.supplyAsync(() -> borrow(third, title)).get(SLOW_SEAT.toMillis() / 2, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .then().statusCode(422).body("errors.code", contains("no-free-copy"));
            assertEquals(2, LicenseServiceStandIn.seatRequestsFor(title).size(), "the third borrow asked for no seat");

            first.get().then().statusCode(201);
            second.get().then().statusCode(201);
        } finally {
            LicenseServiceStandIn.forget(slow);
        }
    }

    /** license-service's availability of the title, published and then seen by loan-service. */
    private void knownAvailability(UUID title, int total, int free) {
        availability(title, total, free);
        await().atMost(Duration.ofSeconds(10)).until(() -> seatsFree(title) != null && seatsFree(title) == free);
    }

    private Integer seatsFree(UUID title) {
        List<Integer> free = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select seats_free from title where publication_id = ?1", Integer.class).setParameter(1, title).getResultList());
        return free.isEmpty() ? null : free.get(0);
    }

    @Test
    void aRetryWithTheSameKeyWhileTheBorrowIsPendingIsToldItIsInProgress() throws Exception {
        UUID slowTitle = UUID.randomUUID();
        StubMapping slow = LicenseServiceStandIn.answerSlowly(slowTitle, SLOW_SEAT);
        try {
            UUID patron = UUID.randomUUID();
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> borrowWithKey(patron, slowTitle, "tap-1", "en"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !LicenseServiceStandIn.seatRequestsFor(slowTitle).isEmpty());

            borrowWithKey(patron, slowTitle, "tap-1", "sv").then().statusCode(409).contentType("application/problem+json")
                    .body("code", equalTo("borrow-in-progress")).body("title", equalTo("Lånet pågår"));
            borrowWithKey(patron, slowTitle, "tap-1", "fi").then().statusCode(409).body("title", equalTo("Lainaus on kesken"));
            // a new key is another borrow of a title the patron is already borrowing
            borrowWithKey(patron, slowTitle, "tap-2", "en").then().statusCode(422).body("errors.code", hasItem("already-on-loan"));
            assertFalse(first.isDone());

            String loan = first.get().then().statusCode(201).extract().path("id");
            borrowWithKey(patron, slowTitle, "tap-1", "en").then().statusCode(200).body("id", equalTo(loan));
            assertEquals(1, LicenseServiceStandIn.seatRequestsFor(slowTitle).size(), "a replay asks for no seat");
        } finally {
            LicenseServiceStandIn.forget(slow);
        }
    }

    @Test
    void licensingUnavailableOrADroppedAnswerLeavesNoLoanAndSaysWhenToTryAgain() {
        UUID patron = UUID.randomUUID();
        UUID unavailable = UUID.randomUUID();
        UUID dropped = UUID.randomUUID();
        StubMapping down = LicenseServiceStandIn.answer(unavailable, WireMock.aResponse().withStatus(503));
        StubMapping reset = LicenseServiceStandIn.answer(dropped, WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        try {
            for (UUID title : List.of(unavailable, dropped)) {
                borrowWithKey(patron, title, "try-" + title, "fi").then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", "5").body("code", equalTo("licensing-unavailable"))
                        .body("title", equalTo("Lainaus ei ole käytettävissä"));
                UUID loanId = LicenseServiceStandIn.seatRequestsFor(title).get(0);
                // the loan failed: nobody's, shown nowhere; the seat possibly taken for the lost answer is given back
                assertEquals(List.of("FAILED"), statesOf(title));
                assertNull(patronOf(loanId));
                await().atMost(Duration.ofSeconds(10)).until(() -> LicenseServiceStandIn.releaseAskedFor(loanId));
                lookup(loanId).body("holders.state", contains("ended"));
            }
            given().auth().oauth2(token(patron)).when().get("/v1/loans?state=all").then().statusCode(200).body("", hasSize(0));
            given().auth().oauth2(token(patron)).when().get("/v1/me/limits").then().body("loansUsed", equalTo(0));

            // licensing is back: the same Idempotency-Key borrows afresh
            LicenseServiceStandIn.forget(down);
            down = null;
            borrowWithKey(patron, unavailable, "try-" + unavailable, "en").then().statusCode(201).body("state", equalTo("active"));
            assertEquals(List.of("ACTIVE", "FAILED"), statesOf(unavailable));
        } finally {
            LicenseServiceStandIn.forget(reset);
            if (down != null) {
                LicenseServiceStandIn.forget(down);
            }
        }
    }

    @Test
    void aRefusedSeatLeavesNoLoanAndTheReadyHoldStaysReadyInItsPlace() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        UUID cecilia = UUID.randomUUID();
        String annasLoan = borrow(anna, title).then().statusCode(201).extract().path("id");
        String bertilsHold = placeHold(bertil, title).then().statusCode(201).extract().path("id");
        String ceciliasHold = placeHold(cecilia, title).then().statusCode(201).extract().path("id");
        giveBack(anna, annasLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(annasLoan));
        availability(title, 1, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> hold(bertil, bertilsHold).then().body("state", equalTo("ready")));

        // while a borrow of the ready hold is pending (its seat being lent), the window's end does not expire the hold
        UUID lending = UUID.randomUUID();
        insertPending(lending, bertil, title, Instant.now());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update loan set hold_id = ?1 where id = ?2")
                .setParameter(1, UUID.fromString(bertilsHold)).setParameter(2, lending).executeUpdate());
        assertEquals(0, holds.expireReady(title, Instant.now().plus(Duration.ofDays(4))));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from loan where id = ?1")
                .setParameter(1, lending).executeUpdate());

        // license-service no longer keeps the copy (its own sweep ran first): lending it is refused
        LicenseServiceStandIn.release(UUID.fromString(bertilsHold));
        borrow(bertil, title).then().statusCode(422).body("code", equalTo("borrow-refused"))
                .body("errors.code", contains("no-free-copy"));
        given().auth().oauth2(token(bertil)).when().get("/v1/loans?state=all").then().body("", hasSize(0));
        assertEquals(List.of(), statesOf(title).stream().filter(s -> !"RETURNED".equals(s)).toList(), "the refused borrow left no loan");
        hold(bertil, bertilsHold).then().body("state", equalTo("ready")).body("position", equalTo(1));
        hold(cecilia, ceciliasHold).then().body("state", equalTo("waiting")).body("position", equalTo(2));

        // the copy is kept for him again: the same ready hold is borrowed and fulfilled
        LicenseServiceStandIn.takeSeat(UUID.fromString(bertilsHold), title, "HOLD", Instant.now().plus(Duration.ofDays(3)));
        String loan = borrow(bertil, title).then().statusCode(201).extract().path("id");
        hold(bertil, bertilsHold).then().body("state", equalTo("fulfilled")).body("loanId", equalTo(loan));
        assertEquals(Map.of(loan, "LOAN"), LicenseServiceStandIn.seatsOf(title));
    }

    @Test
    void aBorrowACrashLeftPendingCountsButShowsNowhereAndIsSweptWithItsSeatGivenBack() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID patron = UUID.randomUUID();
        UUID crashed = UUID.randomUUID();
        // license-service took the seat, then loan-service stopped before the loan started
        LicenseServiceStandIn.takeSeat(crashed, title, "LOAN", null);
        // pending for 110 s: the scheduled sweep (timeout 2 minutes) leaves it alone while this test looks at it
        insertPending(crashed, patron, title, Instant.now().minus(Duration.ofSeconds(110)));
        UUID recent = UUID.randomUUID();
        UUID otherPatron = UUID.randomUUID();
        insertPending(recent, otherPatron, UUID.randomUUID(), Instant.now());

        // the pending borrow counts toward the patron's rules ...
        borrow(patron, title).then().statusCode(422).body("errors.code", hasItem("already-on-loan"));
        given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .when().post("/v1/loans/dry-run").then().statusCode(200).body("borrowable", equalTo(false))
                .body("reasons.code", hasItem("already-on-loan"));
        // ... but is nobody's loan to see or act on
        given().auth().oauth2(token(patron)).when().get("/v1/loans?state=all").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(token(patron)).when().get("/v1/loans/history").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}", crashed).then().statusCode(404);
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/status", crashed).then().statusCode(404);
        given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/return", crashed).then().statusCode(404)
                .body("code", equalTo("loan-not-found"));
        given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/renew", crashed).then().statusCode(404);
        given().auth().oauth2(token(patron)).when().get("/v1/shelf").then().statusCode(200).body("loans", hasSize(0));
        given().auth().oauth2(token(patron)).accept("application/opds+json").when().get("/opds/shelf").then().statusCode(200)
                .body("metadata.numberOfItems", equalTo(0));
        given().auth().oauth2(token(patron)).when().get("/v1/me/limits").then().body("loansUsed", equalTo(0));
        given().auth().oauth2(TestTokens.service("patron-service")).when().get("/v1/gdpr/patrons/{id}", patron).then()
                .statusCode(200).body("loans", hasSize(0)).body("history", hasSize(0));
        // license-service's sweep keeps the seat of a pending borrow
        lookup(crashed, recent).body("holders.kind", contains("loan", "loan")).body("holders.state", contains("pending", "pending"));

        // a minute later the crashed borrow is past the timeout, the recent one not yet
        sweeps.run(Instant.now().plus(Duration.ofMinutes(1)));

        assertEquals("FAILED", stateOf(crashed));
        assertNull(patronOf(crashed));
        assertEquals("PENDING", stateOf(recent), "a borrow pending for less than the timeout may still start");
        assertTrue(LicenseServiceStandIn.releaseAskedFor(crashed));
        assertEquals(Map.of(), LicenseServiceStandIn.seatsOf(title), "the seat went back");
        lookup(crashed).body("holders.state", contains("ended"));
        String loan = borrow(patron, title).then().statusCode(201).extract().path("id");
        given().auth().oauth2(token(patron)).when().get("/v1/loans").then().body("id", contains(loan));

        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from loan where id = ?1")
                .setParameter(1, recent).executeUpdate());
    }

    static Response borrowWithKey(UUID patron, UUID title, String idempotencyKey, String language) {
        return given().auth().oauth2(token(patron)).header("Accept-Language", language).header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON).body(Map.of("publicationId", title)).when().post("/v1/loans");
    }

    static ValidatableResponse lookup(UUID... ids) {
        return given().auth().oauth2(TestTokens.service("license-service")).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(ids))).when().post("/v1/seat-holders/lookup").then().statusCode(200);
    }

    void insertPending(UUID loanId, UUID patron, UUID title, Instant startedAt) {
        Instant started = startedAt.truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into loan (id, patron_id, publication_id, "
                        + "municipality, library_id, state, started_at, due_at, updated_at) values (?1, ?2, ?3, '091', ?4, 'PENDING', ?5, ?6, ?5)")
                .setParameter(1, loanId).setParameter(2, patron).setParameter(3, title).setParameter(4, fi.lainaamo.loan.Lending.LIBRARY)
                .setParameter(5, started).setParameter(6, started.plus(Duration.ofDays(21))).executeUpdate());
    }

    List<String> statesOf(UUID title) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select state from loan where publication_id = ?1 order by state", String.class).setParameter(1, title).getResultList());
    }

    String stateOf(UUID loanId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("select state from loan where id = ?1")
                .setParameter(1, loanId).getSingleResult());
    }

    UUID patronOf(UUID loanId) {
        return QuarkusTransaction.requiringNew().call(() -> (UUID) em.createNativeQuery("select patron_id from loan where id = ?1")
                .setParameter(1, loanId).getSingleResult());
    }
}
