package fi.lainaamo.loan.seats;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PatronErased;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.loan.holds.HoldService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.hold;
import static fi.lainaamo.loan.Lending.placeHold;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * license-service asks what became of the loans and holds its seats are held for before it releases any: active and
 * ended loans, ready, waiting and ended holds, and ids loan-service never committed; only with a service token.
 */
@QuarkusTest
class SeatHolderLookupTest {

    static final String LICENSE_SERVICE = TestTokens.service("license-service");

    @Inject
    HoldService holds;

    @Test
    void answersTheFateOfEveryLoanAndHoldOnceInTheOrderAsked() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID anna = UUID.randomUUID();
        UUID bertil = UUID.randomUUID();
        UUID cecilia = UUID.randomUUID();
        String annasLoan = borrow(anna, title).then().statusCode(201).extract().path("id");
        String bertilsHold = placeHold(bertil, title).then().statusCode(201).extract().path("id");
        String ceciliasHold = placeHold(cecilia, title).then().statusCode(201).extract().path("id");
        String returnedLoan = borrow(cecilia, UUID.randomUUID()).then().statusCode(201).extract().path("id");
        giveBack(cecilia, returnedLoan).then().statusCode(200);
        UUID neverCommitted = UUID.randomUUID();

        lookup(annasLoan, returnedLoan, bertilsHold, neverCommitted.toString(), annasLoan).statusCode(200)
                .body("holders.id", contains(annasLoan, returnedLoan, bertilsHold, neverCommitted.toString()))
                .body("holders.kind", contains("loan", "loan", "hold", null))
                .body("holders.state", contains("active", "ended", "waiting", "unknown"))
                .body("holders[3]", not(hasKey("kind")));

        // Anna returns; the copy is kept for Bertil, the head of the queue
        giveBack(anna, annasLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(annasLoan));
        availability(title, 1, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> hold(bertil, bertilsHold).then().body("state", equalTo("ready")));
        lookup(annasLoan, bertilsHold, ceciliasHold).statusCode(200)
                .body("holders.state", contains("ended", "ready", "waiting"));

        // Bertil lets the window pass: his hold has ended
        holds.expireReady(title, Instant.now().plus(Duration.ofDays(4)));
        lookup(bertilsHold).statusCode(200).body("holders.kind", contains("hold")).body("holders.state", contains("ended"));
    }

    @Test
    void aLoanPastItsDueDateAndAnErasedPatronsLoanHaveEnded() {
        UUID patron = UUID.randomUUID();
        String overdue = borrow(patron, LicenseServiceStandIn.titleWhoseLicenceExpiresSoon()).then().statusCode(201).extract().path("id");
        // ended at its due date even before the expiry sweep marks it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> lookup(overdue).body("holders.state", contains("ended")));

        UUID erased = UUID.randomUUID();
        String loan = borrow(erased, UUID.randomUUID()).then().statusCode(201).extract().path("id");
        lookup(loan).body("holders.state", contains("active"));
        Lending.event(Topics.PATRON, erased, EventTypes.PATRON_ERASED, "urn:lainaamo:patron-service",
                new PatronErased(UUID.randomUUID(), erased, Instant.now()));
        // the erasure returns the loan and keeps it only as anonymous statistics: it has ended, its seat may go
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> lookup(loan).body("holders.kind", contains("loan"))
                .body("holders.state", contains("ended")));
    }

    @Test
    void onlyServicesMayAskAndBadRequestsAreProblems() {
        Map<String, Object> one = Map.of("ids", List.of(UUID.randomUUID()));
        given().contentType(ContentType.JSON).body(one).when().post("/v1/seat-holders/lookup")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        given().auth().oauth2(Lending.token(UUID.randomUUID())).contentType(ContentType.JSON).body(one).when().post("/v1/seat-holders/lookup")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.librarian(Lending.LIBRARY)).contentType(ContentType.JSON).body(one).when().post("/v1/seat-holders/lookup")
                .then().statusCode(403).contentType("application/problem+json");

        ask(Map.of("ids", List.of()), "en").statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors[0].code", equalTo("holder-ids-required")).body("errors[0].field", equalTo("ids"));
        ask(Map.of(), "fi").statusCode(400).body("errors[0].code", equalTo("holder-ids-required"))
                .body("errors[0].title", equalTo("Tunnisteita ei ole"));
        List<UUID> tooMany = new ArrayList<>();
        for (int i = 0; i <= SeatHolders.MAX_IDS; i++) {
            tooMany.add(UUID.randomUUID());
        }
        ask(Map.of("ids", tooMany), "sv").statusCode(400).body("code", equalTo("invalid-request"))
                .body("errors[0].code", equalTo("too-many-holder-ids"))
                .body("errors[0].detail", equalTo("Skicka högst 500 id:n åt gången."));
        ask(Map.of("ids", tooMany.subList(0, SeatHolders.MAX_IDS)), "en").statusCode(200)
                .body("holders.size()", equalTo(SeatHolders.MAX_IDS));
        ask(Map.of("ids", List.of(UUID.randomUUID().toString(), "not-a-loan-id")), "en").statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-request"))
                .body("errors[0].code", equalTo("invalid-field"));
        given().auth().oauth2(LICENSE_SERVICE).contentType(ContentType.JSON).body("{\"ids\":[null]}")
                .when().post("/v1/seat-holders/lookup").then().statusCode(400).body("errors[0].code", equalTo("invalid-field"));
    }

    static ValidatableResponse lookup(String... ids) {
        return ask(Map.of("ids", List.of(ids)), "en");
    }

    static ValidatableResponse ask(Map<String, Object> body, String language) {
        return given().auth().oauth2(LICENSE_SERVICE).contentType(ContentType.JSON).header("Accept-Language", language).body(body)
                .when().post("/v1/seat-holders/lookup").then();
    }
}
