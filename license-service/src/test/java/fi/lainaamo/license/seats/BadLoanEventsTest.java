package fi.lainaamo.license.seats;

import fi.lainaamo.devinfra.BadRecords;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A record license-service can never apply must not stop its loan-event consumer: otherwise seats stay unconfirmed
 * and copies unreturned. Bad records become dead letters an admin can read, re-drive after a fix, or discard.
 */
@QuarkusTest
class BadLoanEventsTest {

    static final String ADMIN = TestTokens.consortiumAdmin();

    /** Metrics and the full readiness report are on the management interface (relative to its root, /q). */
    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @Test
    void badRecordsAreSetAsideAndTheNextLoanStillConfirmsItsSeat() {
        UUID publication = licensed(2, null);
        UUID loan = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);
        BadRecords.areSetAsideWhileTheConsumerGoesOn("license-service", "loan-events", Topics.LOAN, publication.toString(),
                EventTypes.LOAN_STARTED, () -> started(loan, publication), () -> LoanEventsTest.state(loan) == Seat.State.CONFIRMED);
        given().get(metrics).then().statusCode(200)
                .body(containsString("lainaamo_consumer_dead_letters_total{consumer=\"loan-events\",reason=\"contract-violated\"}"));
    }

    @Test
    void aDeadLetterSetAsideByAnEarlierReleaseIsAppliedWhenReDriven() {
        UUID publication = licensed(1, null);
        UUID loan = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);
        // as an earlier release that did not know loan.returned would have left it
        long id = deadLetter(publication, EventTypes.LOAN_RETURNED, "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + UUID.randomUUID()
                + "\",\"publicationId\":\"" + publication + "\",\"municipality\":\"091\",\"returnedAt\":\"" + Instant.now() + "\"}");

        given().auth().oauth2(ADMIN).post("/v1/admin/dead-letters/{id}/redrive", id).then().statusCode(200)
                .body("status", equalTo("redriven")).body("resolvedAt", notNullValue());
        await().atMost(Duration.ofSeconds(5)).until(() -> LoanEventsTest.state(loan) == Seat.State.RELEASED);
        given().auth().oauth2(ADMIN).post("/v1/admin/dead-letters/{id}/redrive", id).then().statusCode(409)
                .body("code", equalTo("dead-letter-not-open"));
        given().auth().oauth2(ADMIN).queryParam("status", "redriven").queryParam("limit", 200).get("/v1/admin/dead-letters")
                .then().statusCode(200).body("items.id", hasItem((int) id));
    }

    @Test
    void aDeadLetterThatStillBreaksItsContractStaysOpenUntilDiscarded() {
        UUID publication = UUID.randomUUID();
        long id = deadLetter(publication, EventTypes.LOAN_STARTED, "{\"loanId\":\"not-a-uuid\"}");

        given().auth().oauth2(ADMIN).header("Accept-Language", "fi").post("/v1/admin/dead-letters/{id}/redrive", id).then()
                .statusCode(422).contentType("application/problem+json").body("code", equalTo("dead-letter-still-unprocessable"))
                .body("title", equalTo("Ei vieläkään käsiteltävissä"));
        given().auth().oauth2(ADMIN).get("/v1/admin/dead-letters/{id}", id).then().statusCode(200)
                .body("status", equalTo("open")).body("reasonCode", equalTo("contract-violated"));
        given().auth().oauth2(ADMIN).post("/v1/admin/dead-letters/{id}/discard", id).then().statusCode(200)
                .body("status", equalTo("discarded"));
        given().auth().oauth2(ADMIN).post("/v1/admin/dead-letters/{id}/discard", id).then().statusCode(409);
    }

    @Test
    void onlyAdminsSeeDeadLettersAndBadQuestionsAreRefused() {
        given().get("/v1/admin/dead-letters").then().statusCode(401);
        given().auth().oauth2(TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID())).get("/v1/admin/dead-letters")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).queryParam("status", "lost").get("/v1/admin/dead-letters").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        given().auth().oauth2(ADMIN).queryParam("limit", 0).get("/v1/admin/dead-letters").then().statusCode(400);
        given().auth().oauth2(ADMIN).queryParam("consumer", "nobody").get("/v1/admin/dead-letters").then().statusCode(400)
                .body("code", equalTo("unknown-consumer"));
        given().auth().oauth2(ADMIN).get("/v1/admin/dead-letters/{id}", Long.MAX_VALUE).then().statusCode(404)
                .body("code", equalTo("dead-letter-not-found"));
        given().auth().oauth2(ADMIN).post("/v1/admin/consumers/{c}/pause", "nobody").then().statusCode(404)
                .body("code", equalTo("unknown-consumer"));
    }

    @Test
    void aPausedConsumerLeavesEventsOnTheTopicUntilResumedAndReadinessShowsItsLag() {
        UUID publication = licensed(1, null);
        UUID loan = UUID.randomUUID();
        reserve(loan, publication).then().statusCode(201);
        given().auth().oauth2(ADMIN).post("/v1/admin/consumers/{c}/pause", "loan-events").then().statusCode(200)
                .body("paused", equalTo(true)).body("deadLetterTopic", equalTo("lainaamo.dlq.license-service.loan-events"));
        try {
            started(loan, publication);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> LoanEventsTest.state(loan) == Seat.State.RESERVED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(readiness).then().statusCode(200)
                    .body("checks.data.'consumer loan-events'", hasItem(containsString("paused"))));
        } finally {
            given().auth().oauth2(ADMIN).post("/v1/admin/consumers/{c}/resume", "loan-events").then().statusCode(200)
                    .body("paused", equalTo(false));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> LoanEventsTest.state(loan) == Seat.State.CONFIRMED);
        given().auth().oauth2(ADMIN).get("/v1/admin/consumers").then().statusCode(200)
                .body("consumer", equalTo(List.of("catalog-events", "loan-events")))
                .body("find { it.consumer == 'loan-events' }.topic", equalTo(Topics.LOAN))
                .body("find { it.consumer == 'loan-events' }.group", equalTo("license-service"))
                .body("find { it.consumer == 'loan-events' }.lag", notNullValue())
                .body("find { it.consumer == 'catalog-events' }.topic", equalTo(Topics.CATALOG));
    }

    static void started(UUID loan, UUID publication) {
        TestKafka.sendCloudEvent(Topics.LOAN, publication.toString(), UUID.randomUUID(), EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service",
                "{\"loanId\":\"" + loan + "\",\"patronId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + publication
                        + "\",\"municipality\":\"091\",\"startedAt\":\"" + Instant.now() + "\",\"dueAt\":\"" + Instant.now().plusSeconds(86400) + "\"}");
    }

    /** A dead letter as the consumer would have left it, for a record that was never really on the topic. */
    static long deadLetter(UUID publication, String type, String data) {
        String headers = "{\"ce_specversion\":\"1.0\",\"ce_id\":\"" + UUID.randomUUID() + "\",\"ce_type\":\"" + type
                + "\",\"ce_source\":\"urn:lainaamo:loan-service\"}";
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Seat.getEntityManager().createNativeQuery(
                        "insert into dead_letter (consumer, topic, record_partition, record_offset, record_key, headers, payload, "
                                + "event_type, reason_code, reason) values ('loan-events', 'lainaamo.loan.v1', 999, "
                                + "nextval('dead_letter_id_seq'), ?1, ?2, ?3, ?4, 'contract-violated', 'set aside by a test') returning id")
                .setParameter(1, publication.toString()).setParameter(2, headers).setParameter(3, data).setParameter(4, type)
                .getSingleResult()).longValue());
    }
}
