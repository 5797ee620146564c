package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import fi.lainaamo.devinfra.distributor.Catalogue;
import fi.lainaamo.devinfra.distributor.DistributorSimulator;
import fi.lainaamo.events.PublicationIds;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The distributor misbehaves (slow, failing twice, out of copies) or loan-service dies while license-service waits for
 * the distributor: each ends with our loans and the distributor's checkouts in agreement and no seat leaked.
 */
class DistributorFaultsTest {

    static final String PUTKINOTKO = "9789527410028";  // three at a time
    static final String FALTSKARN = "9789527410035";   // metered, two at a time
    static final String DIKTER = "9789527410059";      // one copy one user + metered one at a time
    private static LocalStack stack;
    private static DistributorSimulator distributor;

    @BeforeAll
    static void importTheDistributorsFeed() throws Exception {
        stack = SystemStack.get();
        distributor = stack.distributor();
        given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.feedUrl(), "distributor", "simulator"))
                .post(url(Service.LICENSE, "/v1/imports/odl")).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @AfterEach
    void distributorBehavesAgain() {
        distributor.failNext(0, 0);
        distributor.slowDown(Duration.ZERO);
    }

    @Test
    void aSlowDistributorAndOneFailingTwiceEachGiveOneLoanAndOneCheckout() {
        UUID licence = Catalogue.licenceId(PUTKINOTKO, 1);
        String slow = SystemStack.patron(SystemStack.card("SLOW"), "091");
        distributor.slowDown(Duration.ofSeconds(3));
        borrow(slow, PUTKINOTKO).then().statusCode(201);
        distributor.slowDown(Duration.ZERO);
        String failing = SystemStack.patron(SystemStack.card("FAIL"), "091");
        distributor.failNext(2, 500);
        borrow(failing, PUTKINOTKO).then().statusCode(201);
        assertEquals(2, openCheckouts(licence));
        assertEquals(2, activeLoans(slow, PUTKINOTKO) + activeLoans(failing, PUTKINOTKO));
    }

    @Test
    void aDistributorWithoutACopyRefusesAndNoSeatIsLeft() {
        UUID licence = Catalogue.licenceId(FALTSKARN, 1);
        distributor.makeUnavailable(licence);
        String patron = SystemStack.patron(SystemStack.card("NONE"), "091");
        borrow(patron, FALTSKARN).then().statusCode(422).body("errors.code", hasItem("distributor-no-copy"));
        assertEquals(0, openCheckouts(licence));
        assertEquals(0, activeLoans(patron, FALTSKARN));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0, seatsTaken(FALTSKARN)));
    }

    @Test
    void loanServiceKilledWhileTheDistributorAnswersLeavesNoLoanNoCheckoutAndNoSeat() throws Exception {
        String patron = SystemStack.patron(SystemStack.card("KILD"), "091");
        distributor.slowDown(Duration.ofSeconds(6));
        CompletableFuture<Integer> borrowing = CompletableFuture.supplyAsync(() -> {
            try {
                return borrow(patron, DIKTER).statusCode();
            } catch (Exception connectionLost) {
                return -1;
            }
        });
        // license-service has recorded the pending checkout and waits for the distributor: loan-service dies now
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingCheckouts() > 0);
        stack.killService(Service.LOAN);
        borrowing.join();
        distributor.slowDown(Duration.ZERO);
        Duration restart = stack.startService(Service.LOAN);
        long since = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertEquals(0, openCheckouts(Catalogue.licenceId(DIKTER, 1)) + openCheckouts(Catalogue.licenceId(DIKTER, 2)),
                    "checkouts the distributor still holds");
            assertEquals(0, activeLoans(patron, DIKTER), "loans the patron holds");
            assertEquals(0, seatsTaken(DIKTER), "seats taken");
        });
        System.out.printf("loan-service killed during a distributor checkout: relaunched in %d ms, loans, checkouts and seats "
                + "agreed %d ms later%n", restart.toMillis(), Duration.ofNanos(System.nanoTime() - since).toMillis());
        // and the title lends again
        borrow(SystemStack.patron(SystemStack.card("KILD"), "837"), DIKTER).then().statusCode(201);
    }

    private static int seatsTaken(String isbn) {
        Response availability = given().get(url(Service.LICENSE, "/v1/publications/" + publication(isbn) + "/availability"));
        return (int) availability.path("seatsTotal") - (int) availability.path("seatsFree");
    }

    private static long openCheckouts(UUID licence) {
        return distributor.checkoutsOf(licence).stream().filter(c -> c.status().name().matches("READY|ACTIVE")).count();
    }

    private static int activeLoans(String patron, String isbn) {
        List<String> titles = given().auth().oauth2(patron).get(url(Service.LOAN, "/v1/loans")).then().statusCode(200)
                .extract().jsonPath().getList("publicationId");
        return (int) titles.stream().filter(publication(isbn).toString()::equals).count();
    }

    private static long pendingCheckouts() throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(Service.LICENSE), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("select count(*) from distributor_checkout where state = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static UUID publication(String isbn) {
        return PublicationIds.fromIdentifier("urn:isbn:" + isbn);
    }

    private static Response borrow(String patron, String isbn) {
        return given().auth().oauth2(patron).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("publicationId", publication(isbn))).post(url(Service.LOAN, "/v1/loans"));
    }
}
