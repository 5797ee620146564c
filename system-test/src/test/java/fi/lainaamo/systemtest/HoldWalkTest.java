package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The national hold queue across the real services: a returned copy goes to the head of the queue, in order. */
class HoldWalkTest {

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
    }

    @Test
    void aReturnedCopyGoesToTheQueueAndAnUnborrowedReadyHoldPassesToTheNext() {
        String title = SystemStack.title("Kalevala", 1);
        String anna = SystemStack.patron(SystemStack.card("ANNA"), "091");
        String bertil = SystemStack.patron(SystemStack.card("BERT"), "049");
        String cecilia = SystemStack.patron(SystemStack.card("CECI"), "837");
        String daniel = SystemStack.patron(SystemStack.card("DANI"), "091");
        awaitCopies(title, 1);

        // borrow -> return -> borrow again works while nobody waits
        String first = borrow(anna, title).then().statusCode(201).extract().path("id");
        giveBack(anna, first);
        awaitCopies(title, 1);
        String loan = borrow(anna, title).then().statusCode(201).extract().path("id");

        // the copy is out: Bertil is told so (once loan-service has seen it go, its dry-run says so too), and queues;
        // Cecilia and Daniel queue behind him
        borrow(bertil, title).then().statusCode(422).body("errors.code", hasItem("no-free-copy"));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().auth().oauth2(bertil).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                        .post(url(Service.LOAN, "/v1/loans/dry-run")).then().statusCode(200).body("borrowable", equalTo(false)));
        String bertilsHold = hold(bertil, title).then().statusCode(201).body("position", equalTo(1)).extract().path("id");
        String ceciliasHold = hold(cecilia, title).then().statusCode(201).body("position", equalTo(2)).extract().path("id");
        String danielsHold = hold(daniel, title).then().statusCode(201).body("position", equalTo(3)).extract().path("id");

        // Anna returns: the copy becomes Bertil's ready hold, not a walk-in's
        giveBack(anna, loan);
        awaitHold(bertil, bertilsHold, "ready");
        borrow(anna, title).then().statusCode(422);
        given().auth().oauth2(cecilia).get(url(Service.LOAN, "/v1/holds/" + ceciliasHold)).then()
                .body("state", equalTo("waiting")).body("position", equalTo(2)); // Bertil's ready hold is still ahead

        // Bertil borrows within the window
        String bertilsLoan = borrow(bertil, title).then().statusCode(201).extract().path("id");
        awaitHold(bertil, bertilsHold, "fulfilled");

        // Bertil returns; Cecilia's hold becomes ready, she lets the window pass, and Daniel is next
        giveBack(bertil, bertilsLoan);
        awaitHold(cecilia, ceciliasHold, "ready");
        await().atMost(Duration.parse(SystemStack.READY_WINDOW).plusSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().auth().oauth2(cecilia).get(url(Service.LOAN, "/v1/holds/" + ceciliasHold))
                        .then().body("state", equalTo("expired")));
        awaitHold(daniel, danielsHold, "ready");
        borrow(daniel, title).then().statusCode(201);
    }

    private static Response borrow(String token, String title) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post(url(Service.LOAN, "/v1/loans"));
    }

    private static Response hold(String token, String title) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post(url(Service.LOAN, "/v1/holds"));
    }

    private static void giveBack(String token, String loan) {
        given().auth().oauth2(token).post(url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);
    }

    private static void awaitHold(String token, String hold, String state) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().auth().oauth2(token).get(url(Service.LOAN, "/v1/holds/" + hold)).then().statusCode(200).body("state", equalTo(state)));
    }

    private static void awaitCopies(String title, int copies) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().get(url(Service.CATALOG, "/v1/publications/" + title)).then().statusCode(200)
                        .body("availability.copiesAvailable", equalTo(copies)));
    }
}
