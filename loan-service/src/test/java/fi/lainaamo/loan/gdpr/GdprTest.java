package fi.lainaamo.loan.gdpr;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LibraryJoined;
import fi.lainaamo.events.LibraryLeft;
import fi.lainaamo.events.PatronBlocked;
import fi.lainaamo.events.PatronErased;
import fi.lainaamo.events.PatronUnblocked;
import fi.lainaamo.events.PatronUpdated;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.loan.loans.LoanService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What patron-service decides reaches lending through events: blocks, membership, history opt-in, erasure; and the export. */
@QuarkusTest
class GdprTest {

    static final String PATRON_SERVICE = "urn:lainaamo:patron-service";

    @Inject
    EntityManager em;

    @Inject
    LoanService loans;

    @Test
    void aBlockedPatronCannotBorrowOrPlaceHoldsUntilUnblocked() {
        UUID patron = UUID.randomUUID();
        Lending.event(Topics.PATRON, patron, EventTypes.PATRON_BLOCKED, PATRON_SERVICE, new PatronBlocked(patron, Lending.LIBRARY, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(patron)).when().get("/v1/me/limits")
                .then().body("blocked", equalTo(true)));
        borrow(patron, UUID.randomUUID()).then().statusCode(422).body("errors.code", hasItem("patron-blocked"));
        placeHold(patron, LicenseServiceStandIn.titleWithCopies(0)).then().statusCode(422).body("errors.code", hasItem("patron-blocked"));
        Lending.event(Topics.PATRON, patron, EventTypes.PATRON_UNBLOCKED, PATRON_SERVICE, new PatronUnblocked(patron, Lending.LIBRARY, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(patron)).when().get("/v1/me/limits")
                .then().body("blocked", equalTo(false)));
        borrow(patron, UUID.randomUUID()).then().statusCode(201);
    }

    @Test
    void residentsOfALibraryThatLeftOrHasNotJoinedYetCannotBorrow() {
        UUID leaving = UUID.randomUUID();
        UUID joiningLater = UUID.randomUUID();
        Lending.event(Topics.PATRON, leaving, EventTypes.LIBRARY_LEFT, PATRON_SERVICE, new LibraryLeft(leaving, LocalDate.now().minusDays(1)));
        Lending.event(Topics.PATRON, joiningLater, EventTypes.LIBRARY_JOINED, PATRON_SERVICE,
                new LibraryJoined(joiningLater, List.of("837"), LocalDate.now().plusDays(30)));
        for (UUID library : List.of(leaving, joiningLater)) {
            String token = TestTokens.patron(UUID.randomUUID(), "837", library);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("publicationId", UUID.randomUUID())).when().post("/v1/loans/dry-run")
                    .then().statusCode(200).body("borrowable", equalTo(false)).body("reasons.code", hasItem("library-not-member")));
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", UUID.randomUUID()))
                    .when().post("/v1/loans").then().statusCode(422).body("errors.code", hasItem("library-not-member"));
        }
    }

    @Test
    void aWithdrawnTitlesHoldsAreCancelledWithAReasonAndItsLoansContinue() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID reader = UUID.randomUUID();
        UUID waiter = UUID.randomUUID();
        String loan = borrow(reader, title).then().statusCode(201).extract().path("id");
        String hold = placeHold(waiter, title).then().statusCode(201).extract().path("id");
        Lending.event(Topics.CATALOG, title, EventTypes.PUBLICATION_WITHDRAWN, "urn:lainaamo:catalog-service",
                new PublicationWithdrawn(title, "publisher-request", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(waiter)).header("Accept-Language", "sv")
                .when().get("/v1/holds/{id}", hold).then().body("state", equalTo("cancelled"))
                .body("endReason", equalTo("publication-withdrawn"))
                .body("endReasonText", equalTo("Titeln togs bort ur samlingen, så reservationen avbokades.")));
        given().auth().oauth2(token(reader)).when().get("/v1/loans/{id}", loan).then().body("state", equalTo("active"));
        placeHold(UUID.randomUUID(), title).then().statusCode(422).body("errors.code", hasItem("publication-withdrawn"));
    }

    @Test
    void holdsOnATitleNoLicenceCanLendAgainAreCancelledWithAReason() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID reader = UUID.randomUUID();
        UUID waiter = UUID.randomUUID();
        borrow(reader, title).then().statusCode(201);
        Lending.availability(title, 1, 0);
        String hold = placeHold(waiter, title).then().statusCode(201).extract().path("id");
        // the last licence expired and its loan ended: license-service reports no seats at all
        Lending.availability(title, 0, 0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(waiter)).header("Accept-Language", "fi")
                .when().get("/v1/holds/{id}", hold).then().body("state", equalTo("cancelled"))
                .body("endReason", equalTo("no-licence-left"))
                .body("endReasonText", equalTo("Nimekkeen kaikki lisenssit päättyivät eikä mikään voi enää lainata sitä, joten varaus peruttiin.")));
        placeHold(UUID.randomUUID(), title).then().statusCode(422).body("errors.code", hasItem("no-licence-left"));
    }

    @Test
    void historyIsKeptOnlyForPatronsWhoOptedIn() {
        UUID keeper = UUID.randomUUID();
        UUID forgetter = UUID.randomUUID();
        Lending.event(Topics.PATRON, keeper, EventTypes.PATRON_UPDATED, PATRON_SERVICE, new PatronUpdated(keeper, "091", Lending.LIBRARY, "fi", true));
        for (UUID patron : List.of(keeper, forgetter)) {
            String loan = borrow(patron, UUID.randomUUID()).then().statusCode(201).extract().path("id");
            giveBack(patron, loan).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(keeper)).when().get("/v1/loans/history")
                .then().body("size()", equalTo(1)));
        given().auth().oauth2(token(forgetter)).when().get("/v1/loans/history").then().body("size()", equalTo(0));
        loans.anonymiseFinished(Instant.now().plus(Duration.ofDays(1)));
        given().auth().oauth2(token(keeper)).when().get("/v1/loans?state=all").then().body("size()", equalTo(1));
        given().auth().oauth2(token(forgetter)).when().get("/v1/loans?state=all").then().body("size()", equalTo(0));
        assertEquals(0L, count("select count(*) from loan where patron_id = ?1", forgetter));
    }

    @Test
    void theExportHasEverythingAndAnErasureLeavesNothingButAnonymousStatistics() {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        UUID held = LicenseServiceStandIn.titleWithCopies(1);
        borrow(UUID.randomUUID(), held).then().statusCode(201);
        String loan = borrow(patron, title).then().statusCode(201).extract().path("id");
        placeHold(patron, held).then().statusCode(201);

        given().auth().oauth2(TestTokens.service("patron-service")).when().get("/v1/gdpr/patrons/{id}", patron)
                .then().statusCode(200).body("loans.size()", equalTo(1)).body("holds.size()", equalTo(1)).body("history.size()", equalTo(0));
        given().auth().oauth2(token(patron)).when().get("/v1/gdpr/patrons/{id}", patron).then().statusCode(403);

        UUID erasure = UUID.randomUUID();
        Lending.event(Topics.PATRON, patron, EventTypes.PATRON_ERASED, PATRON_SERVICE, new PatronErased(erasure, patron, Instant.now()));
        var seen = TestKafka.readUntil(Topics.LOAN, r -> EventTypes.ERASURE_CONFIRMED.equals(TestKafka.header(r, "ce_type"))
                && r.value().contains(erasure.toString()), Duration.ofSeconds(30));
        assertEquals(EventTypes.ERASURE_CONFIRMED, TestKafka.header(seen.get(seen.size() - 1), "ce_type"));
        // keyed by the title, the returned event may sit in another partition than the confirmation: read for it
        var returned = TestKafka.readUntil(Topics.LOAN, r -> EventTypes.LOAN_RETURNED.equals(TestKafka.header(r, "ce_type"))
                && r.value().contains(loan), Duration.ofSeconds(30));
        assertFalse(returned.stream().noneMatch(r -> EventTypes.LOAN_RETURNED.equals(TestKafka.header(r, "ce_type")) && r.value().contains(loan)),
                "the active loan was returned, so its seat frees");

        for (String table : List.of("loan", "hold", "patron_standing", "patron_lock", "patron_event_log")) {
            assertEquals(0L, count("select count(*) from " + table + " where patron_id = ?1", patron), table);
        }
        assertEquals(1L, count("select count(*) from loan where id = ?1 and municipality = '091' and patron_id is null", UUID.fromString(loan)),
                "the loan stays as anonymous statistics");
        given().auth().oauth2(TestTokens.service("patron-service")).when().get("/v1/gdpr/patrons/{id}", patron)
                .then().statusCode(200).body("loans.size()", equalTo(0)).body("holds.size()", equalTo(0));
    }

    long count(String sql, UUID id) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery(sql).setParameter(1, id).getSingleResult()).longValue());
    }
}
