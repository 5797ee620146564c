package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults an operator meets, one at a time, under a borrow/return load: PostgreSQL stopped, each service and the broker
 * killed with SIGKILL, the broker frozen, license-service's consumer held back past the seat confirm window. After each,
 * everything comes back by itself, patrons only ever saw refusals or 503 with Retry-After, every 201 loan exists,
 * seats equal loans and the catalogue equals licensing. Recovery times are printed, not asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsTest {

    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SystemStack.get();
    }

    @Test
    @Order(1)
    void readinessAnswersAtOnceAndSaysDownWhileTheBrokerIsFrozen() throws Exception {
        stack.freezeKafka();
        try {
            for (Service service : Service.values()) {
                // a hang is the failure here: the client gives up after two seconds
                HttpResponse<String> report = readinessReport(service);
                assertEquals(503, report.statusCode(), service + ": " + report.body());
                assertTrue(report.body().contains("DOWN (does not answer)"), service + ": " + report.body());
                // the public port says only that, and when to ask again
                HttpResponse<String> ready = readiness(service);
                assertEquals(503, ready.statusCode(), service + ": " + ready.body());
                assertEquals("{\"status\":\"DOWN\"}", ready.body(), service + ": no details on the public port");
                assertTrue(ready.headers().firstValue("Retry-After").isPresent(), service + ": Retry-After");
            }
        } finally {
            stack.thawKafka();
        }
        allReady(Duration.ofSeconds(60));
    }

    @Test
    @Order(2)
    void postgresStoppedForTenSecondsUnderLoadComesBackWithNothingHalfDone() throws Exception {
        List<String> titles = titles("Pimeä", 3, 2);
        long outageEnded;
        try (Borrowers borrowers = Borrowers.start("PGDN", 8, titles)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> borrowers.loansPromised() >= 5);
            stack.stopPostgres();
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
            stack.startPostgres();
            outageEnded = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> borrowers.firstLoanAfter(outageEnded) > 0);
            System.out.printf("PostgreSQL back: the first loan after it came %d ms later%n",
                    Duration.ofNanos(borrowers.firstLoanAfter(outageEnded) - outageEnded).toMillis());
            borrowers.close();
            System.out.println("PostgreSQL stopped for 10 s under load: " + borrowers);
            borrowers.answeredOnlyRefusalsOrUnavailable();
            allReady(Duration.ofSeconds(60));
            System.out.printf("every service ready %d ms after PostgreSQL came back%n", Duration.ofNanos(System.nanoTime() - outageEnded).toMillis());
            borrowers.everyPromisedLoanExists();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(borrowers::seatsEqualLoansAndTheCatalogueEqualsLicensing);
        }
    }

    @Test
    @Order(3)
    void killingEachServiceAndTheBrokerDuringABorrowBurstLosesNothing() throws Exception {
        for (String target : List.of("license-service", "loan-service", "catalog-service", "patron-service", "kafka")) {
            // titles of their own: the loans each round's patrons leave active hold their seats
            try (Borrowers borrowers = Borrowers.start("KILL", 6, titles("Kaatuva " + target, 3, 2))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> borrowers.loansPromised() >= 3);
                long killed = System.nanoTime();
                Duration restart = kill(target);
                try {
                    await().atMost(Duration.ofSeconds(90)).until(() -> borrowers.firstLoanAfter(killed) > 0);
                } catch (org.awaitility.core.ConditionTimeoutException stuck) {
                    System.out.println("no loan after kill -9 " + target + ": " + borrowers + "\n" + activity());
                    throw stuck;
                }
                long lending = borrowers.firstLoanAfter(killed);
                borrowers.close();
                borrowers.answeredOnlyRefusalsOrUnavailable();
                allReady(Duration.ofSeconds(60));
                borrowers.everyPromisedLoanExists();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(borrowers::seatsEqualLoansAndTheCatalogueEqualsLicensing);
                System.out.println(String.format("kill -9 %s: relaunched and ready in %d ms, first loan %d ms after the kill, all consistent %d ms after it; %s",
                        target, restart.toMillis(), Duration.ofNanos(lending - killed).toMillis(),
                        Duration.ofNanos(System.nanoTime() - killed).toMillis(), borrowers));
            }
        }
    }

    @Test
    @Order(4)
    void aSeatIsNotReleasedWhileItsLoanIsActiveEvenWhenLicensingHearsNothing() {
        String title = titles("Odottava", 1, 2).get(0);
        String admin = SystemStack.admin();
        given().auth().oauth2(admin).post(url(Service.LICENSE, "/v1/admin/consumers/loan-events/pause")).then().statusCode(200);
        try {
            String first = SystemStack.patron(SystemStack.card("PAUS"), "091");
            String second = SystemStack.patron(SystemStack.card("PAUS"), "837");
            String third = SystemStack.patron(SystemStack.card("PAUS"), "091");
            borrow(first, title).then().statusCode(201);
            borrow(second, title).then().statusCode(201);
            // longer than the confirm window the system stack runs with, so the sweep has looked at both seats
            await().pollDelay(SystemStack.SEAT_CONFIRM_WINDOW.multipliedBy(3)).atMost(SystemStack.SEAT_CONFIRM_WINDOW.multipliedBy(4))
                    .until(() -> true);
            // both seats are still taken: as loans' seats unconfirmed, or (seat escrow on) as the grants they were lent
            // from, which the availability counts as free until loan.started is heard, so the licence is asked
            given().auth().oauth2(admin).queryParam("publicationId", title).get(url(Service.LICENSE, "/v1/licences")).then()
                    .statusCode(200).body("[0].seatsTaken", equalTo(2));
            borrow(third, title).then().statusCode(422).body("errors.code", org.hamcrest.Matchers.hasItem("no-free-copy"));
        } finally {
            given().auth().oauth2(admin).post(url(Service.LICENSE, "/v1/admin/consumers/loan-events/resume")).then().statusCode(200);
        }
    }

    /** What the loan database's sessions are doing, for a test that finds lending stuck. */
    private static String activity() {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(stack.jdbcUrl(Service.LOAN), "postgres", "postgres");
             java.sql.ResultSet rs = c.createStatement().executeQuery("select pid, state, wait_event_type, wait_event, "
                     + "now() - xact_start, left(query, 120) from pg_stat_activity where datname = 'loan'")) {
            while (rs.next()) {
                out.append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('/')
                        .append(rs.getString(4)).append(' ').append(rs.getString(5)).append(' ').append(rs.getString(6)).append('\n');
            }
        } catch (java.sql.SQLException e) {
            out.append("cannot read pg_stat_activity: ").append(e.getMessage());
        }
        return out.toString();
    }

    private static io.restassured.response.Response borrow(String patron, String title) {
        return given().auth().oauth2(patron).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post(url(Service.LOAN, "/v1/loans"));
    }

    private static List<String> titles(String name, int count, int copies) {
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            titles.add(SystemStack.title(name + " " + i, copies));
        }
        return titles;
    }

    private static Duration kill(String target) throws Exception {
        if (target.equals("kafka")) {
            stack.killKafka();
            return stack.startKafka();
        }
        Service service = Service.valueOf(target.substring(0, target.indexOf('-')).toUpperCase());
        stack.killService(service);
        return stack.startService(service);
    }

    /** The public answer, UP or DOWN, as a load balancer reads it. */
    private static HttpResponse<String> readiness(Service service) throws Exception {
        return get(URI.create(url(service, "/ready")));
    }

    /** The full report, with what is down, on the management interface. */
    private static HttpResponse<String> readinessReport(Service service) throws Exception {
        return get(URI.create(stack.managementUrl(service) + "/q/health/ready"));
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void allReady(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Service service : Service.values()) {
                assertEquals(200, readiness(service).statusCode(), service + " ready");
            }
        });
    }
}
