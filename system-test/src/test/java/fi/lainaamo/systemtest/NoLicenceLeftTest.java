package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Issue 13: a title whose only licence has expired was refused with no-free-copy, which invites a hold, and the hold
 * was then refused with no-licence-left. Across the real services the dry-run, the borrow and the hold now say the
 * same true thing.
 */
class NoLicenceLeftTest {

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
    }

    @Test
    void aTitleWhoseLicencesHaveAllEndedIsRefusedForTheSameReasonEverywhere() {
        String title = given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("title", "Rautatie", "format", "EBOOK", "language", "fin", "authors", List.of("Juhani Aho")))
                .post(url(Service.CATALOG, "/v1/publications")).then().statusCode(201).extract().path("id");
        Instant expires = Instant.now().plusSeconds(4);
        SystemStack.licence(Map.of("publicationId", title, "concurrency", 1, "expires", expires.toString()));
        String patron = SystemStack.patron(SystemStack.card("LOPP"), "091");

        // once license-service has announced the expiry, loan-service's dry-run knows no licence is left
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(patron).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                        .post(url(Service.LOAN, "/v1/loans/dry-run")).then().statusCode(200)
                        .body("borrowable", equalTo(false)).body("reasons.code", equalTo(List.of("no-licence-left"))));
        given().auth().oauth2(patron).contentType(ContentType.JSON).header("Idempotency-Key", "no-licence-left-" + title)
                .body(Map.of("publicationId", title)).post(url(Service.LOAN, "/v1/loans"))
                .then().statusCode(422).body("errors.code", equalTo(List.of("no-licence-left")));
        given().auth().oauth2(patron).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post(url(Service.LOAN, "/v1/holds")).then().statusCode(422).body("errors.code", hasItem("no-licence-left"));
    }
}
