package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The walking skeleton end to end: the four packaged services, real PostgreSQL and Kafka, driven over HTTP. */
class BorrowEndToEndTest {

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
    }

    @Test
    void twentyPeopleRaceForTheLastCopyAndTheCatalogueFollows() throws Exception {
        String admin = SystemStack.admin();

        given().contentType(ContentType.JSON)
                .body(Map.of("cardNumber", "OULU0001", "pin", "1234", "municipality", "564"))
                .post(url(Service.PATRON, "/v1/patrons"))
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("municipality-not-served"));

        List<String> patrons = List.of(SystemStack.patron(SystemStack.card("HEL"), "091"),
                SystemStack.patron(SystemStack.card("ESP"), "049"), SystemStack.patron(SystemStack.card("TRE"), "837"));

        String publication = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("title", "Seitsemän veljestä", "format", "EBOOK", "language", "fin", "authors", List.of("Aleksis Kivi")))
                .post(url(Service.CATALOG, "/v1/publications")).then().statusCode(201).extract().path("id");
        SystemStack.licence(Map.of("publicationId", publication, "concurrency", 1));
        awaitAvailable(publication, 1, Duration.ofSeconds(10));

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String token = patrons.get(i % patrons.size());
            attempts.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("publicationId", publication)).post(url(Service.LOAN, "/v1/loans")));
        }
        List<Response> loans = new ArrayList<>();
        List<Response> refusals = new ArrayList<>();
        for (Future<Response> answer : pool.invokeAll(attempts)) {
            Response response = answer.get();
            (response.statusCode() == 201 ? loans : refusals).add(response);
        }
        pool.shutdown();
        assertEquals(1, loans.size(), "exactly one loan of a concurrency-1 licence");
        assertEquals(19, refusals.size());
        for (Response refusal : refusals) {
            assertEquals(422, refusal.statusCode(), refusal.asString());
            assertTrue(refusal.contentType().startsWith("application/problem+json"));
            assertEquals("borrow-refused", refusal.path("code"));
            String reason = refusal.path("errors[0].code");
            assertTrue(reason.equals("no-free-copy") || reason.equals("already-on-loan"), reason);
        }
        awaitAvailable(publication, 0, Duration.ofSeconds(2));

        String loanId = loans.get(0).path("id");
        String borrower = patrons.stream().filter(t -> given().auth().oauth2(t).get(url(Service.LOAN, "/v1/loans/" + loanId)).statusCode() == 200)
                .findFirst().orElseThrow();
        given().auth().oauth2(borrower).post(url(Service.LOAN, "/v1/loans/" + loanId + "/return"))
                .then().statusCode(200).body("state", equalTo("returned"));
        awaitAvailable(publication, 1, Duration.ofSeconds(2));
    }

    private static void awaitAvailable(String publication, int copies, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().get(url(Service.CATALOG, "/v1/publications/" + publication))
                        .then().statusCode(200).body("availability.copiesAvailable", equalTo(copies)));
    }

    private static String url(Service service, String path) {
        return SystemStack.url(service, path);
    }
}
