package fi.lainaamo.patron.gdpr;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import fi.lainaamo.patron.LoanServiceMock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fi.lainaamo.patron.Fixtures.signIn;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class GdprTest {

    @LoanServiceMock
    WireMockServer loanService;

    @Inject
    EntityManager em;

    @Test
    void theExportHasTheProfileAndLoanServicesPart() {
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me/export")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("profile.id", equalTo(patron.id()))
                .body("profile.cardNumber", equalTo(patron.card()))
                .body("profile.municipality", equalTo(patron.municipality()))
                .body("loans.patronId", equalTo(patron.id()))
                .body("loans.loans[0].publicationId", equalTo("p-1"))
                .body("loans.holds[0].publicationId", equalTo("p-2"));
        // loan-service was asked with a service token this service signed
        loanService.verify(getRequestedFor(urlPathEqualTo("/v1/gdpr/patrons/" + patron.id()))
                .withHeader("Authorization", matching("Bearer .+")));
        String auth = loanService.findAll(getRequestedFor(urlPathEqualTo("/v1/gdpr/patrons/" + patron.id()))).get(0).getHeader("Authorization");
        JsonPath claims = Fixtures.claims(auth.substring("Bearer ".length()));
        assertEquals(List.of("service"), claims.getList("groups"));
        assertEquals("patron-service", claims.getString("sub"));
    }

    @Test
    void anExportWithoutLoanServiceIsRefusedForLater() {
        TestPatron patron = Fixtures.patron();
        loanService.stubFor(get(urlPathEqualTo("/v1/gdpr/patrons/" + patron.id())).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me/export")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("export-unavailable"))
                .body("detail", containsString("later"));
    }

    @Test
    void anotherPatronsDataCannotBeExportedOrErased() {
        given().when().get("/v1/patrons/me/export").then().statusCode(401);
        given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/patrons/me/export").then().statusCode(403);
        given().auth().oauth2(Fixtures.adminToken()).when().delete("/v1/patrons/me").then().statusCode(403);
    }

    @Test
    void erasureDeletesThePersonalDataAtOnceAndIsCompleteWhenLoanServiceConfirms() {
        TestPatron patron = Fixtures.patron();
        String email = "poistettava-" + patron.id().substring(0, 8) + "@example.fi";
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("email", email))
                .when().patch("/v1/patrons/me").then().statusCode(200);

        String erasureId = given().auth().oauth2(patron.token()).when().delete("/v1/patrons/me")
                .then().statusCode(202).extract().path("erasureId");

        // patron-service holds nothing about them any more
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select (select count(*) from patron where id = ?1 or card_number = ?2 or email = ?3) "
                                + "+ (select count(*) from refresh_token where subject = ?4)")
                .setParameter(1, UUID.fromString(patron.id())).setParameter(2, patron.card()).setParameter(3, email)
                .setParameter(4, patron.id()).getSingleResult()).longValue());
        assertEquals(0, rows);
        signIn(patron.card(), patron.pin()).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", patron.refreshToken()))
                .when().post("/v1/token/refresh").then().statusCode(401);
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me").then().statusCode(404);

        // the event asks the other services to erase: ids and time only
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.PATRON,
                r -> patron.id().equals(r.key()) && EventTypes.PATRON_ERASED.equals(TestKafka.header(r, "ce_type")), Duration.ofSeconds(30));
        ConsumerRecord<String, String> erased = seen.get(seen.size() - 1);
        assertEquals(EventTypes.PATRON_ERASED, TestKafka.header(erased, "ce_type"));
        JsonPath data = JsonPath.from(erased.value());
        assertEquals(erasureId, data.getString("erasureId"));
        assertEquals(patron.id(), data.getString("patronId"));
        assertEquals(3, data.getMap("$").size());
        assertFalse(erased.value().contains(patron.card()));
        assertFalse(erased.value().contains(email));

        String admin = Fixtures.adminToken();
        given().auth().oauth2(admin).queryParam("pending", true).when().get("/v1/admin/erasures")
                .then().statusCode(200)
                .body("erasureId", hasItem(erasureId))
                .body("find { it.erasureId == '" + erasureId + "' }.waitingFor", equalTo(List.of("loan-service")));
        given().auth().oauth2(patron.token()).when().get("/v1/admin/erasures").then().statusCode(403);

        // loan-service confirms (twice: a redelivery changes nothing)
        UUID eventId = UUID.randomUUID();
        String confirmation = "{\"erasureId\":\"" + erasureId + "\",\"patronId\":\"" + patron.id() + "\",\"service\":\"loan-service\",\"at\":\""
                + Instant.now() + "\"}";
        TestKafka.sendCloudEvent(Topics.LOAN, patron.id(), eventId, EventTypes.ERASURE_CONFIRMED, "urn:lainaamo:loan-service", confirmation);
        TestKafka.sendCloudEvent(Topics.LOAN, patron.id(), eventId, EventTypes.ERASURE_CONFIRMED, "urn:lainaamo:loan-service", confirmation);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin).queryParam("pending", true).when().get("/v1/admin/erasures")
                        .then().statusCode(200).body("erasureId", not(hasItem(erasureId))));
        given().auth().oauth2(admin).when().get("/v1/admin/erasures")
                .then().statusCode(200)
                .body("find { it.erasureId == '" + erasureId + "' }.confirmedBy.'loan-service'", org.hamcrest.Matchers.notNullValue())
                .body("find { it.erasureId == '" + erasureId + "' }.completedAt", org.hamcrest.Matchers.notNullValue());
        long confirmations = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from erasure_confirmation where erasure_id = ?1").setParameter(1, UUID.fromString(erasureId)).getSingleResult()).longValue());
        assertEquals(1, confirmations);
        // once published, no outbox row names the patron either
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(0L, QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from outbox_event where payload like ?1 or subject = ?2")
                        .setParameter(1, "%" + patron.id() + "%").setParameter(2, patron.id()).getSingleResult()).longValue())));
        // the erasure log does not name the patron
        long naming = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from erasure e where cast(e as text) like ?1").setParameter(1, "%" + patron.id() + "%").getSingleResult()).longValue());
        assertTrue(naming == 0);
    }
}
