package fi.lainaamo.patron.patrons;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.patron.Fixtures.adminToken;
import static fi.lainaamo.patron.Fixtures.claims;
import static fi.lainaamo.patron.Fixtures.librarianToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class LibrarianTest {

    @Test
    void aLibrarianSignsInWithTheirLibraryInTheToken() {
        TestPatron patron = Fixtures.patron();
        String token = librarianToken(patron.libraryId());
        JsonPath claims = claims(token);
        assertEquals(List.of("librarian"), claims.getList("groups"));
        assertEquals(patron.libraryId(), claims.getString("libraryId"));
    }

    @Test
    void aLibrarianFindsTheirOwnPatronsByCardButNotAnotherLibrarys() {
        TestPatron own = Fixtures.patron();
        TestPatron other = Fixtures.patron();
        String librarian = librarianToken(own.libraryId());

        given().auth().oauth2(librarian).queryParam("cardNumber", own.card().toLowerCase())
                .when().get("/v1/patrons")
                .then().statusCode(200)
                .body("[0].id", equalTo(own.id()))
                .body("[0].status", equalTo("active"))
                .body("[0].maskedCardNumber", equalTo("*".repeat(own.card().length() - 4) + own.card().substring(own.card().length() - 4)));
        given().auth().oauth2(librarian).queryParam("cardNumber", other.card())
                .when().get("/v1/patrons")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("patron-not-found"));
        given().auth().oauth2(librarian).when().get("/v1/patrons/{id}", own.id()).then().statusCode(200);
        given().auth().oauth2(librarian).when().get("/v1/patrons/{id}", other.id()).then().statusCode(404);
        // a consortium admin sees every library's patrons
        given().auth().oauth2(adminToken()).when().get("/v1/patrons/{id}", other.id()).then().statusCode(200);
    }

    @Test
    void aLibrarianCannotBlockAnotherLibrarysPatron() {
        TestPatron own = Fixtures.patron();
        TestPatron other = Fixtures.patron();
        String librarian = librarianToken(own.libraryId());

        block(librarian, other.id(), "ei saa").then().statusCode(404).body("code", equalTo("patron-not-found"));
        given().auth().oauth2(librarianToken(other.libraryId())).when().get("/v1/patrons/{id}", other.id())
                .then().statusCode(200).body("status", equalTo("active"));
        given().auth().oauth2(librarian).when().post("/v1/patrons/{id}/unblock", other.id()).then().statusCode(404);
    }

    @Test
    void blockingNeedsAReasonThatStaysInPatronService() {
        TestPatron patron = Fixtures.patron();
        String librarian = librarianToken(patron.libraryId());
        block(librarian, patron.id(), " ").then().statusCode(400).body("code", equalTo("reason-required"));

        String reason = "Maksamattomat maksut " + patron.card();
        block(librarian, patron.id(), reason)
                .then().statusCode(200)
                .body("status", equalTo("blocked"))
                .body("blockReason", equalTo(reason));
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me").then().statusCode(200).body("blocked", equalTo(true));

        ConsumerRecord<String, String> blocked = event(patron.id(), EventTypes.PATRON_BLOCKED);
        JsonPath data = JsonPath.from(blocked.value());
        assertEquals(patron.id(), data.getString("patronId"));
        assertEquals(patron.libraryId(), data.getString("libraryId"));
        assertEquals(3, data.getMap("$").size(), "patronId, libraryId and at only");
        assertFalse(blocked.value().contains("Maksamattomat"), "no reason in the event");
        assertFalse(blocked.value().contains(patron.card()), "no card number in the event");

        // the block ends the patron's refresh tokens
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", patron.refreshToken()))
                .when().post("/v1/token/refresh")
                .then().statusCode(401).body("code", equalTo("invalid-refresh-token"));

        given().auth().oauth2(librarian).when().post("/v1/patrons/{id}/unblock", patron.id())
                .then().statusCode(200).body("status", equalTo("active")).body("blockReason", nullValue());
        ConsumerRecord<String, String> unblocked = event(patron.id(), EventTypes.PATRON_UNBLOCKED);
        assertEquals(patron.id(), JsonPath.from(unblocked.value()).getString("patronId"));
    }

    @Test
    void onlyConsortiumAdminsCreateStaffAndOnlyStaffFindPatrons() {
        TestPatron patron = Fixtures.patron();
        String librarian = librarianToken(patron.libraryId());
        given().auth().oauth2(librarian).contentType(ContentType.JSON)
                .body(Map.of("username", "uusi-hoitaja", "password", "salasana-123", "role", "librarian", "libraryId", patron.libraryId()))
                .when().post("/v1/staff")
                .then().statusCode(403);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", "ilman-kirjastoa", "password", "salasana-123", "role", "librarian"))
                .when().post("/v1/staff")
                .then().statusCode(422).body("code", equalTo("library-required"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", "Admin", "password", "salasana-123", "role", "consortium-admin"))
                .when().post("/v1/staff")
                .then().statusCode(409).body("code", equalTo("username-taken"));
        // a patron cannot look at another patron
        TestPatron other = Fixtures.patron();
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/{id}", other.id()).then().statusCode(403);
        given().auth().oauth2(patron.token()).queryParam("cardNumber", other.card()).when().get("/v1/patrons").then().statusCode(403);
        block(patron.token(), other.id(), "kiusaa").then().statusCode(403);
    }

    static io.restassured.response.Response block(String token, String patronId, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", reason))
                .when().post("/v1/patrons/{id}/block", patronId);
    }

    static ConsumerRecord<String, String> event(String key, String type) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.PATRON,
                r -> key.equals(r.key()) && type.equals(TestKafka.header(r, "ce_type")), Duration.ofSeconds(30));
        ConsumerRecord<String, String> last = seen.get(seen.size() - 1);
        assertEquals(type, TestKafka.header(last, "ce_type"));
        return last;
    }
}
