package fi.lainaamo.patron.notifications;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.lainaamo.devinfra.MailServer;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestMailServer;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import fi.lainaamo.patron.LoanServiceMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.patron.Fixtures.adminToken;
import static fi.lainaamo.patron.Fixtures.librarianToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What staff may see of notices: a librarian which notices their own library's patron got and when, never the text or
 * the title; a consortium admin each channel's counts. From a real event on the broker to a real SMTP server.
 */
@QuarkusTest
class StaffNoticesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestMailServer
    MailServer mail;

    @LoanServiceMock
    WireMockServer stubs;

    @Test
    void aLibrarianSeesWhichNoticesTheirPatronGotAndWhenButNotWhatTheySaid() {
        String address = "kuka-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("email", address))
                .when().patch("/v1/patrons/me").then().statusCode(200);
        TestPatron elsewhere = Fixtures.patron();
        UUID hold = UUID.randomUUID();
        holdReady(patron.id(), hold, UUID.randomUUID());
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);

        String librarian = librarianToken(patron.libraryId());
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(librarian).when().get("/v1/patrons/{id}/notices", patron.id())
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("channel", hasItems("in-app", "email"))
                .body("find { it.channel == 'email' }.status", equalTo("sent"))
                .body("find { it.channel == 'email' }.attempts", equalTo(1))
                .body("find { it.channel == 'in-app' }.status", equalTo("delivered"))
                .body("occasion", hasItems("hold-ready"))
                .body("[0]", not(hasKey("text")))
                .body("[0]", not(hasKey("publicationId")))
                .body("[0]", not(hasKey("holdId"))));

        // paging: one at a time, newest first, the second page after the first
        String first = given().auth().oauth2(librarian).queryParam("limit", 1).when().get("/v1/patrons/{id}/notices", patron.id())
                .then().statusCode(200).body("", hasSize(1)).extract().path("[0].id");
        given().auth().oauth2(librarian).queryParam("limit", 1).queryParam("after", first)
                .when().get("/v1/patrons/{id}/notices", patron.id())
                .then().statusCode(200).body("", hasSize(1)).body("[0].id", not(equalTo(first)));
        given().auth().oauth2(librarian).queryParam("after", UUID.randomUUID())
                .when().get("/v1/patrons/{id}/notices", patron.id())
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-cursor"));

        // another library's patron is as unknown as a made-up one; an admin sees everyone; a patron sees no one's
        given().auth().oauth2(librarian).when().get("/v1/patrons/{id}/notices", elsewhere.id())
                .then().statusCode(404).body("code", equalTo("patron-not-found"));
        given().auth().oauth2(adminToken()).when().get("/v1/patrons/{id}/notices", elsewhere.id())
                .then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(adminToken()).when().get("/v1/patrons/{id}/notices", patron.id())
                .then().statusCode(200).body("", hasSize(2));
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/{id}/notices", patron.id()).then().statusCode(403);
    }

    @Test
    void anAdminSeesEachChannelsCountsAndTheyMoveWithWhatIsSent() {
        String address = "laskettava-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("email", address))
                .when().patch("/v1/patrons/me").then().statusCode(200);
        JsonPath before = summary();

        holdReady(patron.id(), UUID.randomUUID(), UUID.randomUUID());
        holdReady(patron.id(), UUID.randomUUID(), UUID.randomUUID());
        // (one e-mail or two: the two may be gathered into one, see DueNoticesTest)

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath after = summary();
            assertEquals(2, count(after, "in-app", "written") - count(before, "in-app", "written"));
            assertEquals(2, count(after, "in-app", "sent") - count(before, "in-app", "sent"));
            assertEquals(2, count(after, "email", "written") - count(before, "email", "written"));
            assertEquals(2, count(after, "email", "sent") - count(before, "email", "sent"));
            assertEquals(4, occasion(after, "hold-ready") - occasion(before, "hold-ready"));
        });
        given().auth().oauth2(adminToken()).when().get("/v1/notices/summary")
                .then().statusCode(200)
                .body("to", equalTo(LocalDate.now(java.time.ZoneId.of("Europe/Helsinki")).toString()))
                .body("channels.channel", hasItems("in-app", "email"));
    }

    @Test
    void aSummaryOnlyForAdminsAndOnlyForAPeriodThatMakesSense() {
        given().auth().oauth2(librarianToken(Fixtures.patron().libraryId())).when().get("/v1/notices/summary").then().statusCode(403);
        given().auth().oauth2(adminToken()).queryParam("from", "2026-12-01").queryParam("to", "2026-11-01")
                .when().get("/v1/notices/summary")
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-period"));
        given().auth().oauth2(adminToken()).queryParam("from", "2024-01-01").queryParam("to", "2026-01-01")
                .when().get("/v1/notices/summary")
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-period"));
        given().auth().oauth2(adminToken()).header("Accept-Language", "fi").queryParam("from", "30.11.2026")
                .when().get("/v1/notices/summary")
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-date")).body("errors[0].field", equalTo("from"))
                .body("errors[0].detail", equalTo("Kirjoita päivämäärä muodossa VVVV-KK-PP, esimerkiksi 2026-11-30."));
    }

    private static JsonPath summary() {
        return given().auth().oauth2(adminToken()).queryParam("from", LocalDate.now().minusDays(1).toString()).queryParam("to", LocalDate.now().plusDays(1).toString())
                .when().get("/v1/notices/summary").then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    private static long count(JsonPath summary, String channel, String field) {
        List<Map<String, Object>> channels = summary.getList("channels");
        return channels.stream().filter(c -> c.get("channel").equals(channel)).mapToLong(c -> ((Number) c.get(field)).longValue()).sum();
    }

    private static long occasion(JsonPath summary, String occasion) {
        List<Map<String, Object>> occasions = summary.getList("occasions");
        return occasions.stream().filter(o -> o.get("occasion").equals(occasion)).mapToLong(o -> ((Number) o.get("written")).longValue()).sum();
    }

    private static void holdReady(String patronId, UUID holdId, UUID publicationId) {
        TestKafka.sendCloudEvent(Topics.LOAN, publicationId.toString(), UUID.randomUUID(), EventTypes.HOLD_READY, "urn:lainaamo:loan-service",
                "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId + "\",\"publicationId\":\"" + publicationId
                        + "\",\"readyUntil\":\"" + Instant.now().plus(Duration.ofDays(3)) + "\"}");
    }
}
