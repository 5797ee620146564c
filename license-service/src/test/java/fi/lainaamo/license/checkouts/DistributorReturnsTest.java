package fi.lainaamo.license.checkouts;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.devinfra.distributor.Catalogue;
import fi.lainaamo.devinfra.distributor.Catalogue.Kind;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import fi.lainaamo.devinfra.distributor.Catalogue.Subject;
import fi.lainaamo.devinfra.distributor.DistributorSimulator;
import fi.lainaamo.license.licences.Licence;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.license.checkouts.DistributorCheckoutTest.reserve;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: a returned copy is back at the distributor (here the real HTTP simulator) right after the return commits,
 * not at the next sweep; returns go side by side, each sent once; and a one-copy title returned and borrowed again at
 * once is lent again, its licence not marked withdrawn because the distributor still counted our copy as out.
 */
@QuarkusTest
class DistributorReturnsTest {

    static final String SERVICE = TestTokens.service("loan-service");
    /** The sweep that tries failed returns again: paused where a test shows what happens without it. */
    static final String SWEEP = "distributor-returns-sweep";

    // titles of these tests only: the checkout tests' copies are not in their way
    static final String PROMPT = Catalogue.isbn13("978952741090");
    static final String EIGHT_COPIES = Catalogue.isbn13("978952741091");
    static final String AGAIN = Catalogue.isbn13("978952741092");
    static final String AGAIN_AFTER_FAILURE = Catalogue.isbn13("978952741093");

    static DistributorSimulator distributor;
    private static boolean imported;

    @Inject
    Scheduler scheduler;

    @BeforeAll
    static void startTheDistributor() throws Exception {
        distributor = DistributorSimulator.start(fi.lainaamo.license.DistributorPorts.Distributor.SIMULATOR.port(),
                Catalogue.demo().plus(List.of(title(PROMPT, 1), title(EIGHT_COPIES, 8), title(AGAIN, 1), title(AGAIN_AFTER_FAILURE, 1))));
    }

    @BeforeEach
    void importTheDistributorsFeed() {
        synchronized (DistributorReturnsTest.class) {
            if (!imported) {
                given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                        .body(Map.of("feedUrl", distributor.feedUrl(), "distributor", "simulator"))
                        .post("/v1/imports/odl").then().statusCode(oneOf(200, 201));
                imported = true;
            }
        }
    }

    @AfterEach
    void asBefore() {
        scheduler.resume(SWEEP);
        distributor.answerLendingAfter(Duration.ZERO);
        distributor.failNext(0, 0);
    }

    @AfterAll
    static void stop() {
        distributor.close();
    }

    /** With the sweep paused, only the wake-up after the return's commit can carry it: within a call, not 10 s. */
    @Test
    void aReturnReachesTheDistributorAtOnce() {
        UUID loan = UUID.randomUUID();
        reserve(loan, PROMPT, UUID.randomUUID()).then().statusCode(201);
        scheduler.pause(SWEEP);
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", loan).then().statusCode(204);
        await().atMost(Duration.ofSeconds(3)).until(() -> atDistributor(PROMPT, loan).status().name().equals("RETURNED"));
        await().atMost(Duration.ofSeconds(3)).until(() -> Checkout.RETURNED.equals(DistributorCheckoutTest.state(loan)));
    }

    /**
     * The distributor takes 300 ms per return: eight one after another would take at least 2.4 s. Side by side they
     * are back well within 2 s, and each was sent exactly once although the sweep runs meanwhile.
     */
    @Test
    void eightReturnsGoSideBySideEachOnce() {
        List<UUID> loans = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UUID loan = UUID.randomUUID();
            reserve(loan, EIGHT_COPIES, UUID.randomUUID()).then().statusCode(201);
            loans.add(loan);
        }
        List<UUID> atDistributor = loans.stream().map(loan -> atDistributor(EIGHT_COPIES, loan).loanId()).toList();
        distributor.answerLendingAfter(Duration.ofMillis(300));

        long start = System.nanoTime();
        for (UUID loan : loans) {
            given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", loan).then().statusCode(204);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> loans.stream()
                .allMatch(loan -> atDistributor(EIGHT_COPIES, loan).status().name().equals("RETURNED")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "8 returns at 300 ms each took " + took.toMillis() + " ms");

        await().atMost(Duration.ofSeconds(5)).until(() -> loans.stream().allMatch(l -> Checkout.RETURNED.equals(DistributorCheckoutTest.state(l))));
        for (UUID loan : atDistributor) {
            long sent = distributor.requests().stream()
                    .filter(r -> r.path().equals("/loans/" + loan + "/return")).count();
            assertEquals(1, sent, "the return of " + loan + " was sent once");
        }
    }

    /** Returned and borrowed again at once, while the return may still be on its way to the distributor. */
    @Test
    void aOneCopyTitleReturnedAndBorrowedAgainAtOnceIsLentAgain() {
        UUID first = UUID.randomUUID();
        reserve(first, AGAIN, UUID.randomUUID()).then().statusCode(201);
        distributor.answerLendingAfter(Duration.ofMillis(300));

        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", first).then().statusCode(204);
        UUID second = UUID.randomUUID();
        reserve(second, AGAIN, UUID.randomUUID()).then().statusCode(201).body("fulfilment.kind", equalTo("distributor"));

        assertEquals(Licence.AVAILABLE, licenceOf(AGAIN).status);
        assertTrue(atDistributor(AGAIN, second).status().holdsCopy());
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", second).then().statusCode(204);
    }

    /**
     * The return failed, so the distributor still holds the copy when the next patron borrows it and refuses the
     * checkout as unavailable. That is our copy, not a withdrawal: the return is carried first and the checkout asked
     * again, and the patron gets the loan.
     */
    @Test
    void aBorrowRefusedWhileTheReturnIsPendingCarriesTheReturnAndIsLent() {
        UUID first = UUID.randomUUID();
        reserve(first, AGAIN_AFTER_FAILURE, UUID.randomUUID()).then().statusCode(201);
        scheduler.pause(SWEEP);
        distributor.failNext(100, 503);
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", first).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            Checkout c = Checkout.findById(first);
            return "HTTP 503".equals(c.lastError) && c.claimedUntil == null && c.retryAt != null;
        }));
        distributor.failNext(0, 0);
        assertTrue(atDistributor(AGAIN_AFTER_FAILURE, first).status().holdsCopy(), "the distributor still counts the copy as out");

        UUID second = UUID.randomUUID();
        reserve(second, AGAIN_AFTER_FAILURE, UUID.randomUUID()).then().statusCode(201).body("fulfilment.kind", equalTo("distributor"));

        assertEquals(Checkout.RETURNED, DistributorCheckoutTest.state(first));
        assertEquals("RETURNED", atDistributor(AGAIN_AFTER_FAILURE, first).status().name());
        assertTrue(atDistributor(AGAIN_AFTER_FAILURE, second).status().holdsCopy());
        assertNotEquals(Licence.UNAVAILABLE, licenceOf(AGAIN_AFTER_FAILURE).status);
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", second).then().statusCode(204);
    }

    /** One title sold with one licence of {@code copies} concurrent loans. */
    static Publication title(String isbn, int copies) {
        return new Publication(isbn, Kind.EBOOK, "Palautus " + isbn, "Testikirjailija", null, "fi", "Testikustannus",
                LocalDate.of(2025, 1, 15), "Kirja, jota lainataan ja palautetaan heti.",
                List.of(new Subject("http://schema.org/audience", "Adult", "Adult")), null,
                List.of(Catalogue.Licence.concurrent(Catalogue.licenceId(isbn, 1), copies, Duration.ofDays(14),
                        Instant.parse("2025-09-01T06:00:00Z"), new BigDecimal("20.00"))));
    }

    /** The distributor's loan made by our checkout for {@code loan}. */
    static fi.lainaamo.devinfra.distributor.Checkout atDistributor(String isbn, UUID loan) {
        String checkoutId = QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(loan).checkoutId.toString());
        return distributor.checkoutsOf(Catalogue.licenceId(isbn, 1)).stream()
                .filter(c -> c.checkoutId().equals(checkoutId)).findFirst().orElseThrow();
    }

    static Licence licenceOf(String isbn) {
        return QuarkusTransaction.requiringNew().call(() ->
                Licence.byDistributorId("simulator", "urn:uuid:" + Catalogue.licenceId(isbn, 1)));
    }
}
