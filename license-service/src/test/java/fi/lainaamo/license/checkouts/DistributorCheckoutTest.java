package fi.lainaamo.license.checkouts;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.devinfra.distributor.Catalogue;
import fi.lainaamo.devinfra.distributor.DistributorSimulator;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.seats.Seat;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loans of a distributor's licence are checked out at the distributor (ODL 1.0), here a real HTTP simulator of one:
 * exactly one checkout per loan whatever is retried, the patron gets the LCP licence link, a refusal gives the seat
 * back with its own code, a return is carried to the distributor, and a loan the distributor ends gives its seat back.
 */
@QuarkusTest
class DistributorCheckoutTest {

    static final String SERVICE = TestTokens.service("loan-service");
    static final String ANNA_LIISA = "9789527410011";       // one copy, one user
    static final String PUTKINOTKO = "9789527410028";       // audiobook, three concurrent
    static final String FALTSKARN = "9789527410035";        // metered: 10 checkouts, 2 concurrent
    static final String FINNISH_LEGENDS = "9781952640100";  // time-limited, 2 concurrent
    static final String LASTUJA = "9789527410066";          // open access
    static final String DIKTER = "9789527410059";           // one copy one user + metered one at a time

    static DistributorSimulator distributor;

    @jakarta.inject.Inject
    fi.lainaamo.license.seats.SeatService seatService;
    private static boolean imported;

    @BeforeAll
    static void startTheDistributor() throws Exception {
        distributor = DistributorSimulator.start(fi.lainaamo.license.DistributorPorts.Distributor.SIMULATOR.port(), Catalogue.demo());
    }

    /** The feed is imported once, through the API (RestAssured knows the app's port only inside a test). */
    @org.junit.jupiter.api.BeforeEach
    void importTheDistributorsFeed() {
        synchronized (DistributorCheckoutTest.class) {
            if (!imported) {
                given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                        .body(Map.of("feedUrl", distributor.feedUrl(), "distributor", "simulator"))
                        .post("/v1/imports/odl").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
                imported = true;
            }
        }
    }

    @AfterAll
    static void stop() {
        distributor.close();
    }

    @Test
    void aLoanIsCheckedOutOnceAndItsLcpLicenceIsWhatThePatronOpens() throws Exception {
        UUID loan = UUID.randomUUID();
        UUID patron = UUID.randomUUID();
        Response first = reserve(loan, ANNA_LIISA, patron);
        first.then().statusCode(201).body("fulfilment.kind", equalTo("distributor"))
                .body("fulfilment.licenseHref", startsWith(distributor.baseUrl()))
                .body("fulfilment.contentType", equalTo("application/vnd.readium.lcp.license.v1.0+json"))
                .body("loanUntil", notNullValue());
        reserve(loan, ANNA_LIISA, patron).then().statusCode(200); // a retry of the same loan: still one checkout

        UUID licence = Catalogue.licenceId(ANNA_LIISA, 1);
        var checkouts = distributor.checkoutsOf(licence);
        assertEquals(1, checkouts.size());
        Checkout ours = QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(loan));
        assertEquals(ours.checkoutId.toString(), checkouts.get(0).checkoutId());
        assertNotEquals(patron.toString(), checkouts.get(0).patronId(), "the distributor never sees our patron id");
        assertTrue(checkouts.get(0).hintGiven(), "an LCP licence gets the passphrase hint");

        HttpResponse<String> lcp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(first.path("fulfilment.licenseHref"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, lcp.statusCode());
        assertTrue(lcp.body().contains("\"encryption\""), lcp.body());

        // another patron finds no copy: our own seat count answers before the distributor is asked
        reserve(UUID.randomUUID(), ANNA_LIISA, UUID.randomUUID()).then().statusCode(409).body("code", equalTo("no-free-copy"));

        // the return reaches the distributor; while it does not, admins see it waiting
        distributor.failNext(100, 503);
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", loan).then().statusCode(204);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.consortiumAdmin())
                .get("/v1/admin/distributor-checkouts").then().statusCode(200)
                .body("find { it.loanId == '" + loan + "' }.lastError", equalTo("HTTP 503")));
        given().auth().oauth2(TestTokens.consortiumAdmin()).queryParam("state", "lost").get("/v1/admin/distributor-checkouts")
                .then().statusCode(400);
        given().auth().oauth2(SERVICE).get("/v1/admin/distributor-checkouts").then().statusCode(403);
        distributor.failNext(0, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> distributor.checkoutsOf(licence).get(0).status().name().equals("RETURNED"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Checkout.RETURNED.equals(state(loan)));
    }

    @Test
    void twoFailuresOfTheDistributorAreRetriedIntoOneCheckout() {
        distributor.failNext(2, 500);
        UUID loan = UUID.randomUUID();
        reserve(loan, FINNISH_LEGENDS, UUID.randomUUID()).then().statusCode(201).body("fulfilment.kind", equalTo("distributor"));
        assertEquals(1, distributor.checkoutsOf(Catalogue.licenceId(FINNISH_LEGENDS, 1)).stream()
                .filter(c -> c.status().name().equals("READY") || c.status().name().equals("ACTIVE")).count());
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", loan).then().statusCode(204);
    }

    @Test
    void aDistributorWithoutACopyRefusesWithItsOwnCodeAndTheSeatGoesBack() {
        UUID licenceAtDistributor = Catalogue.licenceId(FALTSKARN, 1);
        distributor.makeUnavailable(licenceAtDistributor);
        UUID loan = UUID.randomUUID();
        reserve(loan, FALTSKARN, UUID.randomUUID()).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("distributor-no-copy"));
        assertEquals(Seat.State.RELEASED, QuarkusTransaction.requiringNew().call(() -> Seat.<Seat>findById(loan).state));
        assertEquals(Checkout.REFUSED, state(loan));
        assertEquals(Licence.UNAVAILABLE, QuarkusTransaction.requiringNew().call(() ->
                Licence.byDistributorId("simulator", "urn:uuid:" + licenceAtDistributor).status));
        given().get("/v1/publications/{id}/availability", publication(FALTSKARN)).then().statusCode(200).body("seatsFree", equalTo(0));
    }

    /**
     * A refusal that withdraws the licence changes the licence under the title's lock: a borrow or hold committed
     * while the refusal waited for the distributor, or for the lock, keeps its seat in the counts (and so in the
     * availability event that follows). Before issue 14 the licence was read before the lock and written back stale.
     */
    @Test
    void aRefusalThatWithdrawsTheLicenceKeepsASeatTakenMeanwhile() throws Exception {
        UUID licenceAtDistributor = Catalogue.licenceId(FALTSKARN, 1);
        UUID publication = publication(FALTSKARN);
        distributor.makeUnavailable(licenceAtDistributor);
        UUID licence = QuarkusTransaction.requiringNew().call(() -> {
            Licence l = Licence.byDistributorId("simulator", "urn:uuid:" + licenceAtDistributor);
            l.markUnavailable(null); // as license-service knew it before the distributor withdrew it
            return l.id;
        });
        UUID loan = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        distributor.slowDown(Duration.ofSeconds(2));
        try {
            Future<Integer> refused = pool.submit(() -> reserve(loan, FALTSKARN, UUID.randomUUID()).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() -> Seat.findById(loan) != null));

            // while the distributor answers, a hold takes the other copy; its transaction stays open until the
            // refusal's transaction waits behind it
            QuarkusTransaction.begin();
            try {
                seatService.reserve(new fi.lainaamo.license.seats.SeatRequest(hold, publication, "091", "HOLD",
                        Instant.now().plus(Duration.ofDays(3))));
                await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) Seat.getEntityManager()
                        .createNativeQuery("select count(*) from pg_locks where not granted").getSingleResult()).longValue() > 0));
            } finally {
                QuarkusTransaction.commit();
            }
            assertEquals(409, refused.get(30, java.util.concurrent.TimeUnit.SECONDS));

            Licence after = QuarkusTransaction.requiringNew().call(() -> Licence.<Licence>findById(licence));
            long seatsHeld = QuarkusTransaction.requiringNew().call(() -> Seat.count("licenceId = ?1 and state <> ?2", licence, Seat.State.RELEASED));
            long holdsHeld = QuarkusTransaction.requiringNew().call(() -> Seat.count("licenceId = ?1 and state <> ?2 and kind = 'HOLD'",
                    licence, Seat.State.RELEASED));
            assertEquals(Licence.UNAVAILABLE, after.status);
            assertEquals(seatsHeld, after.seatsTaken, "seats taken count every seat held, the hold's included");
            assertEquals(holdsHeld, after.seatsHeldForHolds);
        } finally {
            distributor.slowDown(Duration.ZERO);
            pool.shutdown();
            // license-service learns the distributor's withdrawal anew in the test that is about it
            QuarkusTransaction.requiringNew().run(() -> Licence.byDistributorId("simulator", "urn:uuid:" + licenceAtDistributor)
                    .markUnavailable(null));
            given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", hold); // not asserted: a failure above says more
        }
    }

    @Test
    void aLoanTheDistributorRevokesGivesItsSeatBack() {
        UUID loan = UUID.randomUUID();
        String manifest = reserve(loan, PUTKINOTKO, UUID.randomUUID()).then().statusCode(201)
                .body("fulfilment.contentType", equalTo("application/audiobook+json")).extract().path("fulfilment.contentHref");
        assertTrue(manifest.startsWith(distributor.baseUrl()), "the audiobook's manifest as the distributor links it");
        String checkoutId = QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(loan).checkoutId.toString());
        UUID atDistributor = distributor.checkoutsOf(Catalogue.licenceId(PUTKINOTKO, 1)).stream()
                .filter(c -> c.checkoutId().equals(checkoutId)).findFirst().orElseThrow().loanId();
        distributor.revoke(atDistributor);
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                Seat.<Seat>findById(loan).state) == Seat.State.RELEASED);
        assertEquals(Checkout.ENDED, state(loan));
        // a notification to an address nobody was given
        given().contentType("application/vnd.readium.license.status.v1.0+json").body("{\"id\":\"x\",\"status\":\"revoked\"}")
                .post("/v1/distributor-notifications/{token}", "not-a-token").then().statusCode(404);
    }

    @Test
    void aLoanIsRenewedAtTheDistributorOnlyWhenItOffersARenewal() {
        UUID loan = UUID.randomUUID();
        reserve(loan, FINNISH_LEGENDS, UUID.randomUUID()).then().statusCode(201).body("fulfilment.renewable", equalTo(true));
        Instant until = Instant.now().plus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .post("/v1/seats/{id}/renew", loan).then().statusCode(200)
                .body("loanUntil", equalTo(until.toString()));
        assertEquals(until, QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(loan).expires));

        // borrowed for the licence's whole loan length: the distributor offers nothing more
        UUID whole = UUID.randomUUID();
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("holderId", whole, "publicationId", publication(FINNISH_LEGENDS), "municipality", "091", "kind", "LOAN",
                        "patronId", UUID.randomUUID(), "loanUntil", Instant.now().plus(Duration.ofDays(30)).toString()))
                .post("/v1/seats").then().statusCode(201).body("fulfilment.renewable", equalTo(false));
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .post("/v1/seats/{id}/renew", whole).then().statusCode(409).body("code", equalTo("distributor-renewal-not-offered"));
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(Map.of("until", until.toString()))
                .post("/v1/seats/{id}/renew", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", loan).then().statusCode(204);
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", whole).then().statusCode(204);
    }

    @Test
    void aReadyHoldKeepsItsCopyUntilTheDistributorAcceptsAndStaysReadyWhenItRefuses() {
        UUID licenceAtDistributor = Catalogue.licenceId(DIKTER, 1);
        UUID hold = UUID.randomUUID();
        fi.lainaamo.license.seats.HoldSeatTest.hold(hold, publication(DIKTER), Instant.now().plus(Duration.ofDays(3)))
                .then().statusCode(201);
        // the distributor refuses: the hold keeps its seat (its place), nothing is lent, no checkout is held there
        // (first the returns other tests left are carried over, so the one refusal goes to this checkout)
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                Checkout.count("state in (?1, ?2, ?3)", Checkout.RETURN_PENDING, Checkout.UNDO_PENDING, Checkout.PENDING)) == 0);
        distributor.failNext(1, 403);
        UUID refused = UUID.randomUUID();
        lend(hold, refused).then().statusCode(409).body("code", equalTo("distributor-refused"));
        assertEquals(Seat.State.RESERVED, QuarkusTransaction.requiringNew().call(() -> Seat.<Seat>findById(hold).state));
        assertEquals(null, QuarkusTransaction.requiringNew().call(() -> Seat.<Seat>findById(refused)));
        assertEquals(0, distributor.checkoutsOf(licenceAtDistributor).stream().filter(c -> c.status().name().matches("READY|ACTIVE")).count());

        // the next try is accepted: the hold's seat becomes the loan's
        UUID loan = UUID.randomUUID();
        lend(hold, loan).then().statusCode(201).body("fulfilment.kind", equalTo("distributor")).body("kind", equalTo("LOAN"));
        assertEquals(Seat.State.RELEASED, QuarkusTransaction.requiringNew().call(() -> Seat.<Seat>findById(hold).state));
        assertEquals(1, distributor.checkoutsOf(licenceAtDistributor).stream().filter(c -> c.status().name().matches("READY|ACTIVE")).count());
        given().auth().oauth2(SERVICE).delete("/v1/seats/{id}", loan).then().statusCode(204);
    }

    static Response lend(UUID hold, UUID loan) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("loanId", loan, "municipality", "091", "patronId", UUID.randomUUID(),
                        "loanUntil", Instant.now().plus(Duration.ofDays(14)).toString()))
                .post("/v1/seats/{hold}/lend", hold);
    }

    @Test
    void anOpenAccessTitleIsLentToFiftyPatronsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> reserve(UUID.randomUUID(), LASTUJA, UUID.randomUUID()).statusCode()));
        }
        Map<Integer, Integer> byStatus = new HashMap<>();
        for (Future<Integer> answer : answers) {
            byStatus.merge(answer.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 50), byStatus);
        reserve(UUID.randomUUID(), LASTUJA, UUID.randomUUID()).then().statusCode(201)
                .body("fulfilment.kind", equalTo("open-access")).body("fulfilment.contentHref", startsWith(distributor.baseUrl()));
    }

    static Response reserve(UUID holder, String isbn, UUID patron) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("holderId", holder, "publicationId", publication(isbn), "municipality", "091", "kind", "LOAN",
                        "patronId", patron, "loanUntil", Instant.now().plus(Duration.ofDays(14)).toString()))
                .post("/v1/seats");
    }

    static UUID publication(String isbn) {
        return PublicationIds.fromIdentifier("urn:isbn:" + isbn);
    }

    static String state(UUID holder) {
        return QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(holder).state);
    }
}
